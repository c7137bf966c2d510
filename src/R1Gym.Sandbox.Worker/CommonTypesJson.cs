using System.Text.Json.Serialization;

namespace R1Gym.Sandbox.Worker;

/// <summary>
/// Compile-time JSON metadata for the argument and result types answers use most. A new worker then builds no
/// reflection metadata for them: its start-up costs about half the CPU it did, and a worker starts after every
/// timeout. Any other type falls back to reflection (see <c>AnswerRunner.NewJsonOptions</c>).
/// </summary>
[JsonSourceGenerationOptions(IncludeFields = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, MaxDepth = 256)]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(char))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(double[]))]
[JsonSerializable(typeof(bool[]))]
[JsonSerializable(typeof(char[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(int[][]))]
[JsonSerializable(typeof(List<int>))]
[JsonSerializable(typeof(List<long>))]
[JsonSerializable(typeof(List<double>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<int[]>))]
[JsonSerializable(typeof(List<List<int>>))]
[JsonSerializable(typeof(List<List<string>>))]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<int, int>))]
internal sealed partial class CommonTypesJson : JsonSerializerContext;

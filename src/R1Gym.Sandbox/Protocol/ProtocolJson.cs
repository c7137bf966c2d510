using System.Text.Json.Serialization;

namespace R1Gym.Sandbox.Protocol;

/// <summary>
/// Compile-time JSON metadata for every frame of the wire protocol (camelCase, nulls left off), shared by the
/// supervisor, the worker and the compiler process: no reflection at start-up and one declaration of each field.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkerRequest))]
[JsonSerializable(typeof(WorkerFrame))]
[JsonSerializable(typeof(CompileRequestFrame))]
[JsonSerializable(typeof(CompileReplyFrame))]
internal sealed partial class ProtocolJson : JsonSerializerContext;

using System.Text.Json.Nodes;

namespace R1Gym.Service.Native;

// The native API's wire records (snake_case on the wire). They document the OpenAPI schema and bind request bodies.

/// <summary><c>POST /v1/tasks/{id}/problems</c>.</summary>
public sealed record ProblemsRequest(long Seed = 0, int Start = 0, int Count = 1, JsonObject? Options = null);

public sealed record ProblemDto(int Index, string Prompt, string Answer, int Difficulty, IReadOnlyDictionary<string, string> Metadata);

public sealed record ProblemsResponse(string Task, IReadOnlyList<ProblemDto> Problems);

public sealed record TaskDto(string Id, string Domain, string Kind, string SourceKind, string Description, bool EvaluationOnly, JsonObject OptionsSchema);

public sealed record TasksResponse(IReadOnlyList<TaskDto> Tasks, IReadOnlyList<string> LoadFailures);

public sealed record HealthResponse(string Status, int Tasks, int Concurrency, int Running, int Queued, int Episodes, string SandboxCompilesIn);

/// <summary>One item of <c>POST /v1/verify</c>: (seed, index) of a task, or the reference answer itself.</summary>
public sealed record VerifyItemRequest(JsonNode? Id, string? Task, string? Completion, long Seed = 0, int? Index = null, string? Answer = null, JsonObject? Options = null, int? Tokens = null);

public sealed record VerifyRequest(IReadOnlyList<JsonNode?> Items);

public sealed record ErrorDto(string Code, string Message);

public sealed record RewardComponentsDto(double Accuracy, double Format, double Language, double Length);

public sealed record VerdictDto(double Score, string Reason, JsonObject? Details);

/// <summary>One result; <see cref="Error"/> is set instead of the rest when the item could not be verified.</summary>
public sealed record VerifyResultDto(JsonNode? Id, double? Reward, bool? Correct, RewardComponentsDto? Components, VerdictDto? Verdict, string? FinalAnswer, ErrorDto? Error);

public sealed record VerifyResponse(IReadOnlyList<VerifyResultDto> Results);

/// <summary><c>POST /v1/sandbox/run</c>: the answer's source and the test specification of <c>r1gym sandbox run</c>.</summary>
public sealed record SandboxRunRequest(string Code, JsonObject Tests);

public sealed record StartEpisodeRequest(long Seed = 0, int Index = 0, JsonObject? Options = null);

public sealed record ObservationDto(string Text, JsonObject? Info);

public sealed record StartEpisodeResponse(string Episode, string Env, ObservationDto Observation);

public sealed record StepRequest(string Action);

public sealed record StepResponse(string Observation, double Reward, bool Terminated, bool Truncated, bool Done, JsonObject? Info, VerdictDto? Verdict);

using System.Text.Json.Serialization;

namespace R1Gym.Service.SandboxFusion;

// SandboxFusion's wire format (sandbox/server/sandbox_api.py and sandbox/runners/types.py), field for field.

/// <summary>SandboxFusion's <c>RunCodeRequest</c>; timeouts are seconds, as there.</summary>
public sealed record RunCodeRequest
{
    [JsonPropertyName("code")] public string? Code { get; init; }

    [JsonPropertyName("language")] public string? Language { get; init; }

    [JsonPropertyName("stdin")] public string? Stdin { get; init; }

    [JsonPropertyName("compile_timeout")] public double CompileTimeout { get; init; } = 10;

    [JsonPropertyName("run_timeout")] public double RunTimeout { get; init; } = 10;

    [JsonPropertyName("memory_limit_MB")] public int MemoryLimitMB { get; init; } = -1;

    [JsonPropertyName("files")] public Dictionary<string, string?>? Files { get; init; }

    [JsonPropertyName("fetch_files")] public List<string>? FetchFiles { get; init; }

    [JsonPropertyName("args")] public List<string>? Args { get; init; }
}

/// <summary>SandboxFusion's <c>CommandRunResult</c>: status is Finished, Error or TimeLimitExceeded.</summary>
public sealed record CommandRunResult(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("execution_time")] double? ExecutionTime,
    [property: JsonPropertyName("return_code")] int? ReturnCode,
    [property: JsonPropertyName("stdout")] string? Stdout,
    [property: JsonPropertyName("stderr")] string? Stderr);

/// <summary>SandboxFusion's <c>RunCodeResponse</c>: status is Success, Failed or SandboxError.</summary>
public sealed record RunCodeResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("compile_result")] CommandRunResult? CompileResult,
    [property: JsonPropertyName("run_result")] CommandRunResult? RunResult,
    [property: JsonPropertyName("executor_pod_name")] string? ExecutorPodName,
    [property: JsonPropertyName("files")] IReadOnlyDictionary<string, string> Files);

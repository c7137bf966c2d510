using System.Text.Json.Nodes;
using R1Gym.Sandbox;

namespace R1Gym.Service.SandboxFusion;

/// <summary>
/// Between SandboxFusion's run_code and R1Gym's sandbox. The answer runs as a console program (stdio mode) with the
/// request's stdin; the output is returned, not judged (the caller compares it, as verl does). SandboxFusion's rules:
/// Success when everything finished with return code 0; Failed for a non-zero return code or a time limit (compile
/// errors: compile_result with return code 1); SandboxError for trouble on the sandbox's side.
/// </summary>
internal static class RunCodeMapping
{
    public const string Language = "csharp";

    /// <summary>A one-test stdio specification under the request's run timeout and memory limit, clamped to the sandbox's limits.</summary>
    public static JsonObject Spec(RunCodeRequest request, SandboxOptions options)
    {
        double seconds = double.IsFinite(request.RunTimeout) && request.RunTimeout > 0 ? request.RunTimeout : 10;
        var spec = new JsonObject
        {
            ["mode"] = "stdio",
            ["timeLimitMs"] = (int)Math.Clamp(seconds * 1000, 1, options.MaxTimeLimitMs),
            // Nothing is compared: the expected output is irrelevant, the program's output is the answer.
            ["tests"] = new JsonArray(new JsonObject { ["stdin"] = request.Stdin ?? "", ["stdout"] = "" }),
        };
        if (request.MemoryLimitMB > 0)
            spec["memoryLimitMb"] = Math.Min(request.MemoryLimitMB, options.MemoryLimitMb);
        return spec;
    }

    public static RunCodeResponse ToResponse(SandboxResult result)
    {
        var compiled = new CommandRunResult("Finished", Seconds(result.CompileMs), 0, "", "");
        var test = result.Tests.Count > 0 ? result.Tests[0] : null;
        string stdout = test?.Actual is JsonValue v && v.TryGetValue(out string? s) ? s : "";
        double? time = test is null ? null : Seconds(test.TimeMs);
        return result.Verdict switch
        {
            Verdicts.Accepted or Verdicts.WrongAnswer => Done("Success", compiled, new("Finished", time, 0, stdout, "")),
            Verdicts.CompileError or Verdicts.PolicyViolation => Done("Failed", compiled with { ReturnCode = 1, Stderr = result.Diagnostics ?? result.Verdict }, null),
            Verdicts.TimeLimit => Done("Failed", compiled, new("TimeLimitExceeded", time, null, stdout, test?.Message ?? "")),
            // 137: what a shell reports for a process the kernel killed (SIGKILL), as the memory cgroup does.
            Verdicts.MemoryLimit => Done("Failed", compiled, new("Finished", time, 137, stdout, test?.Message ?? "memory limit exceeded")),
            Verdicts.RuntimeError or Verdicts.OutputLimit => Done("Failed", compiled, new("Finished", time, 1, stdout, test?.Message ?? result.Verdict)),
            _ => SandboxError(result.Diagnostics ?? $"the sandbox could not run the answer ({result.Verdict})"),
        };
    }

    public static RunCodeResponse SandboxError(string message) => new("SandboxError", message, null, null, null, new Dictionary<string, string>());

    private static RunCodeResponse Done(string status, CommandRunResult? compile, CommandRunResult? run) =>
        new(status, "", compile, run, null, new Dictionary<string, string>());

    private static double Seconds(double ms) => Math.Round(ms / 1000, 6);
}

using System.Text.Json.Nodes;

namespace R1Gym.Abstractions;

/// <summary>
/// Runs untrusted code against a test specification in the host's sandbox. Code tasks resolve it from
/// <see cref="ITaskCatalog.Services"/>; the sandbox decides the verdict, the answer never does.
/// </summary>
public interface ICodeRunner
{
    ValueTask<CodeRunResult> RunAsync(CodeRunRequest request, CancellationToken cancellationToken = default);
}

/// <summary>One answer to verify.</summary>
/// <param name="Code">C# source written by the model.</param>
/// <param name="Tests">The test specification (function or stdio mode), as the sandbox documents it.</param>
public sealed record CodeRunRequest(string Code, JsonObject Tests);

/// <summary>The sandbox's verdict on one answer.</summary>
/// <param name="Verdict">accepted, wrong_answer, compile_error, policy_violation, runtime_error, time_limit, memory_limit, output_limit or sandbox_error.</param>
/// <param name="Passed">Tests passed.</param>
/// <param name="Total">Tests run.</param>
public sealed record CodeRunResult(string Verdict, int Passed, int Total)
{
    /// <summary>Compiler diagnostics, the banned API, the exception type: whatever explains the verdict.</summary>
    public string? Diagnostics { get; init; }

    /// <summary>The full result as the sandbox reports it (per-test verdicts, actual values, timings).</summary>
    public JsonObject? Details { get; init; }

    /// <summary>Fraction of tests passed, 0 when nothing ran.</summary>
    public double Fraction => Total == 0 ? 0 : (double)Passed / Total;
}

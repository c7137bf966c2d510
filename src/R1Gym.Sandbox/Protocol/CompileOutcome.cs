namespace R1Gym.Sandbox.Protocol;

/// <summary>What the compile step decided: an assembly to run, or the verdict that stops the answer here.</summary>
/// <param name="Assembly">The emitted image; null when <paramref name="Verdict"/> is set.</param>
/// <param name="Verdict">compile_error or policy_violation; null on success.</param>
/// <param name="Diagnostics">Compiler errors or the banned API.</param>
/// <param name="TypeName">Function mode: the metadata name of the type holding the entry point.</param>
/// <param name="MethodName">Function mode: the entry method.</param>
internal sealed record CompileOutcome(byte[]? Assembly, string? Verdict, string? Diagnostics, string? TypeName, string? MethodName)
{
    public double CompileMs { get; init; }

    public bool CacheHit { get; init; }

    public static CompileOutcome Error(string verdict, string diagnostics) => new(null, verdict, diagnostics, null, null);
}

namespace R1Gym.Sandbox;

/// <summary>The verdict names, as the issue and the JSON output spell them.</summary>
public static class Verdicts
{
    public const string Accepted = "accepted";
    public const string WrongAnswer = "wrong_answer";
    public const string CompileError = "compile_error";
    public const string PolicyViolation = "policy_violation";
    public const string RuntimeError = "runtime_error";
    public const string TimeLimit = "time_limit";
    public const string MemoryLimit = "memory_limit";
    public const string OutputLimit = "output_limit";
    public const string SandboxError = "sandbox_error";

    /// <summary>A test after the one that stopped the answer (a timeout or crash ends the run).</summary>
    public const string NotRun = "not_run";
}

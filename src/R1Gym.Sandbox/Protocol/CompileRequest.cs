namespace R1Gym.Sandbox.Protocol;

/// <summary>
/// What the compile step needs to know about one answer: its source, whether it is a program (stdio mode) and, in
/// function mode, the entry point the tests call and how many arguments each test passes. Holds plain values only:
/// it travels to the compiler process inside a <see cref="CompileRequestFrame"/>.
/// </summary>
internal sealed record CompileRequest(string Code, bool Program, string? EntryType, string? EntryMethod, IReadOnlyList<int> ArgCounts);

/// <summary>The limits the compile step applies (the supervisor takes them from its SandboxOptions).</summary>
internal sealed record CompileLimits(int MaxSourceChars, int MaxNestingDepth, int CompileTimeoutMs, bool CheckBannedApis);

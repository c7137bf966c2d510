namespace R1Gym.Sandbox.Protocol;

/// <summary>Supervisor to compiler process: compile one answer under these limits; the reply carries the same id.</summary>
internal sealed record CompileRequestFrame(long Id, CompileRequest Request, CompileLimits Limits);

/// <summary>Compiler process to supervisor: "ready" once (Id 0), then one outcome per request.</summary>
internal sealed record CompileReplyFrame(string Type, long Id = 0, CompileOutcome? Outcome = null);

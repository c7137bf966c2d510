using System.Text.Json.Nodes;

namespace R1Gym.Sandbox.Compilation;

/// <summary>
/// What the compile step needs to know about one answer: its source, whether it is a program (stdio mode) and, in
/// function mode, the entry point the tests call and how many arguments each test passes. Holds plain values only:
/// it travels as JSON to the compiler process, which shares this file.
/// </summary>
internal sealed record CompileRequest(string Code, bool Program, string? EntryType, string? EntryMethod, IReadOnlyList<int> ArgCounts);

/// <summary>The limits the compile step applies (the supervisor takes them from its SandboxOptions).</summary>
internal sealed record CompileLimits(int MaxSourceChars, int MaxNestingDepth, int CompileTimeoutMs, bool CheckBannedApis);

/// <summary>The compiler process's wire format (frames of <see cref="Protocol.FrameIO"/>), shared by both sides.</summary>
internal static class CompileProtocol
{
    public static JsonObject Request(long id, CompileRequest request, CompileLimits limits) => new()
    {
        ["id"] = id,
        ["code"] = request.Code,
        ["program"] = request.Program,
        ["entryType"] = request.EntryType,
        ["entryMethod"] = request.EntryMethod,
        ["argCounts"] = new JsonArray(request.ArgCounts.Select(n => (JsonNode?)n).ToArray()),
        ["maxSourceChars"] = limits.MaxSourceChars,
        ["maxNestingDepth"] = limits.MaxNestingDepth,
        ["compileTimeoutMs"] = limits.CompileTimeoutMs,
        ["checkBannedApis"] = limits.CheckBannedApis,
    };

    public static (long Id, CompileRequest Request, CompileLimits Limits) ReadRequest(JsonObject frame) => (
        (long)frame["id"]!,
        new CompileRequest((string)frame["code"]!, (bool)frame["program"]!, (string?)frame["entryType"], (string?)frame["entryMethod"],
            frame["argCounts"]!.AsArray().Select(n => (int)n!).ToArray()),
        new CompileLimits((int)frame["maxSourceChars"]!, (int)frame["maxNestingDepth"]!, (int)frame["compileTimeoutMs"]!, (bool)frame["checkBannedApis"]!));

    public static JsonObject Response(long id, CompileOutcome outcome) => new()
    {
        ["id"] = id,
        ["verdict"] = outcome.Verdict,
        ["diagnostics"] = outcome.Diagnostics,
        ["assembly"] = outcome.Assembly is null ? null : Convert.ToBase64String(outcome.Assembly),
        ["typeName"] = outcome.TypeName,
        ["methodName"] = outcome.MethodName,
        ["compileMs"] = outcome.CompileMs,
    };

    public static CompileOutcome ReadResponse(JsonObject frame) =>
        new CompileOutcome(frame["assembly"] is { } image ? Convert.FromBase64String((string)image!) : null, (string?)frame["verdict"],
            (string?)frame["diagnostics"], (string?)frame["typeName"], (string?)frame["methodName"]) { CompileMs = (double?)frame["compileMs"] ?? 0 };
}

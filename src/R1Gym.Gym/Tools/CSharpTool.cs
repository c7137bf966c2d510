using System.Text;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// The built-in <c>csharp</c> tool: runs the model's C# program in the sandbox (<see cref="ICodeRunner"/>) with the call's
/// CPU time limit and returns its verdict, stdout and error. Every call is a fresh program: nothing carries over between
/// calls. Arguments: <c>code</c> (a program with a Main method, or top-level statements) and optional <c>stdin</c>.
/// </summary>
public sealed class CSharpTool(ICodeRunner? runner) : ITool
{
    /// <summary>The name the model calls it by.</summary>
    public const string Name = "csharp";

    /// <summary>Longest program accepted; larger ones are refused before they reach the sandbox.</summary>
    public const int MaxCodeChars = 20_000;

    public ToolSpec Spec { get; } = new(Name,
        "Runs a C# program (top-level statements or a Main method) in a sandbox and returns what it printed. No state is kept between calls.",
        new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["code"] = new JsonObject { ["type"] = "string", ["description"] = "The whole C# program." },
                ["stdin"] = new JsonObject { ["type"] = "string", ["description"] = "Text on standard input (optional)." },
            },
            ["required"] = new JsonArray("code"),
        });

    public async ValueTask<ToolResult> CallAsync(ToolCallArgs args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (runner is null)
            return ToolResult.Error("the csharp tool is unavailable: this host has no sandbox (ICodeRunner) configured");
        if (Text(args.Arguments, "code") is not { } code || code.Length == 0)
            return ToolResult.Error("'code' must be a non-empty string holding a C# program");
        if (code.Length > MaxCodeChars)
            return ToolResult.Error($"'code' has {code.Length} characters; at most {MaxCodeChars} are run");
        var tests = new JsonObject
        {
            ["mode"] = "stdio",
            // The expected output is irrelevant: "wrong_answer" only means the program printed something.
            ["tests"] = new JsonArray(new JsonObject { ["stdin"] = Text(args.Arguments, "stdin") ?? "", ["stdout"] = "" }),
            ["timeLimitMs"] = Math.Max(1, args.Limits.CpuTimeMs),
        };
        CodeRunResult result;
        try
        {
            result = await runner.RunAsync(new CodeRunRequest(code, tests), cancellationToken).ConfigureAwait(false);
        }
        catch (R1GymException e)
        {
            return ToolResult.Error($"the sandbox refused the call: {e.Message}");
        }
        return Describe(result);
    }

    private static ToolResult Describe(CodeRunResult result)
    {
        var test = (result.Details?["tests"] as JsonArray)?.FirstOrDefault() as JsonObject;
        string verdict = result.Verdict is "accepted" or "wrong_answer" ? "ok" : result.Verdict;
        var text = new StringBuilder().Append("verdict: ").Append(verdict).Append('\n');
        if (test?["actual"] is JsonValue actual && actual.TryGetValue(out string? stdout))
            text.Append("stdout:\n").Append(stdout).Append('\n');
        string? error = test?["message"] is JsonValue m && m.TryGetValue(out string? message) ? message : result.Diagnostics;
        if (verdict != "ok" && !string.IsNullOrEmpty(error))
            text.Append("error:\n").Append(error).Append('\n');
        return new ToolResult(text.ToString().TrimEnd(), verdict != "ok") { Details = result.Details };
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}

using System.Text.Json.Nodes;

namespace R1Gym.Abstractions;

/// <summary>
/// A tool the policy may call in the middle of an episode (tool-integrated reasoning): the model writes
/// <c>&lt;tool_call&gt;{"name": ..., "arguments": {...}}&lt;/tool_call&gt;</c>, the gym calls the tool, and the result comes
/// back as a tool message. Register one with <see cref="ITaskCatalog.AddTool"/>. A call never throws on model input:
/// bad arguments are an error result the model reads. The gym enforces the limits too (time, output size), so a tool that
/// ignores them is cut off, not trusted.
/// </summary>
public interface ITool
{
    /// <summary>Name, description and the JSON schema of the arguments, shown to the model.</summary>
    ToolSpec Spec { get; }

    /// <summary>Runs one call. Stateless unless the tool documents otherwise: no state carries from one call to the next.</summary>
    ValueTask<ToolResult> CallAsync(ToolCallArgs args, CancellationToken cancellationToken = default);
}

/// <summary>What the model is told about a tool.</summary>
/// <param name="Name">The name the model calls it by: lowercase letters, digits, '_' or '-'.</param>
/// <param name="Description">One or two sentences: what it does and what it returns.</param>
/// <param name="Parameters">A JSON schema of the arguments object (<c>{"type": "object", "properties": ..., "required": [...]}</c>).</param>
public sealed record ToolSpec(string Name, string Description, JsonObject Parameters);

/// <summary>One call's input.</summary>
/// <param name="Arguments">The arguments object the model wrote (already checked for the schema's required properties).</param>
/// <param name="Limits">The limits the call must respect.</param>
public sealed record ToolCallArgs(JsonObject Arguments, ToolLimits Limits);

/// <summary>The limits of one tool call; the gym also enforces them from outside.</summary>
public sealed record ToolLimits
{
    /// <summary>Wall-clock time for the whole call. Default: 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>CPU time for code the tool runs, in milliseconds. Default: 2000.</summary>
    public int CpuTimeMs { get; init; } = 2000;

    /// <summary>Characters of output the model gets back; the rest is cut with a note. Default: 2000.</summary>
    public int MaxOutputChars { get; init; } = 2000;
}

/// <summary>What a tool call returns to the model.</summary>
/// <param name="Output">The text the model reads in the tool message.</param>
/// <param name="IsError">The call failed (bad arguments, unknown tool, time limit); the output says why.</param>
public sealed record ToolResult(string Output, bool IsError)
{
    /// <summary>Structured details for logs (verdicts, timings); never shown to the model.</summary>
    public JsonObject? Details { get; init; }

    public static ToolResult Ok(string output) => new(output ?? "", false);

    public static ToolResult Error(string reason) => new(reason ?? "error", true);
}

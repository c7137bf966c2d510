using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>Limits of tool use in one episode. Defaults keep a hostile policy from stalling or flooding a run.</summary>
public sealed record ToolBoxOptions
{
    /// <summary>Calls run per turn; further blocks in the same turn get an error response. Default: 4.</summary>
    public int MaxCallsPerTurn { get; init; } = 4;

    /// <summary>Calls per episode; the call that passes it ends the episode (truncated). Default: 16.</summary>
    public int MaxCallsPerEpisode { get; init; } = 16;

    /// <summary>Each call's time, CPU and output limits.</summary>
    public ToolLimits Limits { get; init; } = new();
}

/// <summary>What one turn's tool calls produced: the tool message text and the counts for metrics.</summary>
/// <param name="Response">The tool message: one <c>&lt;tool_response&gt;</c> block per call.</param>
/// <param name="Calls">Calls run this turn.</param>
/// <param name="Errors">Calls that failed or were refused.</param>
/// <param name="EndEpisode">The episode's call budget is spent; the episode ends (truncated).</param>
public sealed record ToolTurn(string Response, int Calls, int Errors, bool EndEpisode);

/// <summary>
/// The tools of an episode and the rules of calling them: reads the calls in the policy's turn, runs them with their limits
/// (a tool that ignores its cancellation token is abandoned at the deadline), and renders the results as
/// <c>&lt;tool_response&gt;</c> blocks. Never throws on model output.
/// </summary>
public sealed class ToolBox
{
    private readonly Dictionary<string, ITool> _tools;

    public ToolBox(IEnumerable<ITool> tools, ToolBoxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        Options = options ?? new ToolBoxOptions();
        _tools = new Dictionary<string, ITool>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            if (!_tools.TryAdd(tool.Spec.Name, tool))
                throw new ArgumentException($"Tool '{tool.Spec.Name}' was given twice; give each tool once.", nameof(tools));
        }
    }

    public ToolBoxOptions Options { get; }

    public IReadOnlyList<ToolSpec> Specs => _tools.Values.Select(t => t.Spec).ToList();

    /// <summary>The Hermes tool block for the system prompt: the tools' schemas and the call format.</summary>
    public string SystemPrompt()
    {
        var text = new StringBuilder("\n\n# Tools\n\nYou may call one or more functions to assist with the user query. The function signatures are within <tools></tools> XML tags:\n<tools>\n");
        foreach (var spec in Specs)
            text.Append(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = spec.Name, ["description"] = spec.Description, ["parameters"] = spec.Parameters.DeepClone() } }.ToJsonString()).Append('\n');
        text.Append("</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n")
            .Append("<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>\nThe results come back inside <tool_response></tool_response> tags.");
        return text.ToString();
    }

    /// <summary>Runs the calls in <paramref name="action"/>; <paramref name="callsSoFar"/> counts this episode's earlier calls.</summary>
    public async Task<ToolTurn> RunAsync(string action, int callsSoFar, CancellationToken cancellationToken = default)
    {
        var (calls, ignored) = ToolCallParser.Parse(action, Options.MaxCallsPerTurn);
        var response = new StringBuilder();
        int run = 0, errors = 0;
        bool end = false;
        foreach (var call in calls)
        {
            if (callsSoFar + run >= Options.MaxCallsPerEpisode)
            {
                end = true;
                Append(response, ToolResult.Error($"not run: the episode's limit of {Options.MaxCallsPerEpisode} tool calls is spent"));
                errors++;
                break;
            }
            run++;
            var result = await CallAsync(call, cancellationToken).ConfigureAwait(false);
            errors += result.IsError ? 1 : 0;
            Append(response, result);
        }
        if (ignored > 0)
        {
            Append(response, ToolResult.Error($"{ignored} more call(s) not run: at most {Options.MaxCallsPerTurn} calls per turn"));
            errors += ignored;
        }
        return new ToolTurn(response.ToString().TrimEnd('\n'), run, errors, end);
    }

    private async Task<ToolResult> CallAsync(ParsedToolCall call, CancellationToken cancellationToken)
    {
        if (!call.IsValid)
            return ToolResult.Error(call.Error!);
        if (!_tools.TryGetValue(call.Name!, out var tool))
            return ToolResult.Error($"unknown tool '{Short(call.Name!)}'; the tools are {string.Join(", ", _tools.Keys)}");
        if (MissingArgument(tool.Spec, call.Arguments!) is { } missing)
            return ToolResult.Error($"tool '{tool.Spec.Name}' needs the argument '{missing}'");
        var limits = Options.Limits;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.Timeout);
        try
        {
            // WaitAsync: a tool that ignores the token is abandoned at the deadline instead of stalling the run.
            var result = await tool.CallAsync(new ToolCallArgs(call.Arguments!, limits), deadline.Token).AsTask()
                .WaitAsync(limits.Timeout, cancellationToken).ConfigureAwait(false);
            return result is null ? ToolResult.Error("the tool returned nothing") : Cut(result, limits.MaxOutputChars);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationCanceledException or TimeoutException)
        {
            return ToolResult.Error($"the call took longer than {limits.Timeout.TotalSeconds:0.###} s and was stopped");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            return ToolResult.Error($"the tool failed: {e.GetType().Name}: {Short(e.Message)}");
        }
    }

    private static string? MissingArgument(ToolSpec spec, JsonObject arguments) =>
        spec.Parameters["required"] is JsonArray required
            ? required.Select(r => r?.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : null).FirstOrDefault(r => r is not null && !arguments.ContainsKey(r))
            : null;

    private static ToolResult Cut(ToolResult result, int max) =>
        result.Output.Length <= max ? result : result with { Output = result.Output[..max] + $"\n... [{result.Output.Length - max} more characters cut]" };

    private static void Append(StringBuilder response, ToolResult result) =>
        response.Append("<tool_response>\n").Append(result.IsError ? "error: " : "").Append(result.Output).Append("\n</tool_response>\n");

    private static string Short(string text) => text.Length <= 64 ? text : text[..64] + "...";
}

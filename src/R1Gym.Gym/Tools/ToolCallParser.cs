using System.Text.Json;
using System.Text.Json.Nodes;

namespace R1Gym.Gym;

/// <summary>One <c>&lt;tool_call&gt;</c> block read from the model's output: a name and arguments, or why it is unreadable.</summary>
public sealed record ParsedToolCall(string? Name, JsonObject? Arguments, string? Error)
{
    public bool IsValid => Error is null;
}

/// <summary>
/// Reads Qwen/Hermes tool calls from model output: <c>&lt;tool_call&gt;{"name": "csharp", "arguments": {"code": "..."}}&lt;/tool_call&gt;</c>.
/// Never throws on model output: bad JSON, a missing name, an unclosed tag each become a call with an <see cref="ParsedToolCall.Error"/>.
/// </summary>
public static class ToolCallParser
{
    public const string Open = "<tool_call>";
    public const string Close = "</tool_call>";

    /// <summary>Longest JSON body read; longer ones are an error without parsing (hostile output stays cheap).</summary>
    public const int MaxCallChars = 32_000;

    /// <summary>True when the text holds an opening tag.</summary>
    public static bool HasToolCall(string? text) => text is not null && text.Contains(Open, StringComparison.Ordinal);

    /// <summary>The first <paramref name="maxCalls"/> calls in order, and how many more blocks followed (not read).</summary>
    public static (IReadOnlyList<ParsedToolCall> Calls, int Ignored) Parse(string? text, int maxCalls)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCalls);
        var calls = new List<ParsedToolCall>();
        int ignored = 0;
        if (string.IsNullOrEmpty(text))
            return (calls, 0);
        int at = text.IndexOf(Open, StringComparison.Ordinal);
        while (at >= 0)
        {
            int start = at + Open.Length;
            int end = text.IndexOf(Close, start, StringComparison.Ordinal);
            if (calls.Count >= maxCalls)
                ignored++;
            else
                calls.Add(end < 0 ? new ParsedToolCall(null, null, $"the {Open} block is not closed; end it with {Close}") : Read(text.AsSpan(start, end - start)));
            if (end < 0)
                break;
            at = text.IndexOf(Open, end + Close.Length, StringComparison.Ordinal);
        }
        return (calls, ignored);
    }

    private static ParsedToolCall Read(ReadOnlySpan<char> body)
    {
        body = body.Trim();
        if (body.Length > MaxCallChars)
            return new(null, null, $"the call has {body.Length} characters; at most {MaxCallChars} are read");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body.ToString(), documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            return new(null, null, $"the call is not valid JSON ({Short(e.Message)}); write {{\"name\": \"...\", \"arguments\": {{...}}}}");
        }
        if (node is not JsonObject call)
            return new(null, null, "the call must be a JSON object {\"name\": \"...\", \"arguments\": {...}}");
        if (call["name"] is not JsonValue nameValue || !nameValue.TryGetValue(out string? name) || string.IsNullOrWhiteSpace(name))
            return new(null, null, "the call needs \"name\", a string naming the tool");
        var arguments = call["arguments"] switch
        {
            null => new JsonObject(),
            JsonObject o => (JsonObject)o.DeepClone(),
            // Some models write the arguments as a JSON string; accept it when it holds an object.
            JsonValue v when v.TryGetValue(out string? s) => TryObject(s),
            _ => null,
        };
        return arguments is null
            ? new(name, null, "\"arguments\" must be a JSON object")
            : new(name, arguments, null);
    }

    private static JsonObject? TryObject(string? text)
    {
        try
        {
            return text is null ? null : JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Short(string message) => message.Length <= 120 ? message : message[..120] + "...";
}

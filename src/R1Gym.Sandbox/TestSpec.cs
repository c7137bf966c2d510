using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Sandbox;

/// <summary>How the answer is exercised.</summary>
public enum TestMode
{
    /// <summary>Call <c>entryPoint</c> with each test's <c>args</c>; compare the return value with <c>expected</c>.</summary>
    Function,

    /// <summary>Run the program's Main with <c>stdin</c>; compare what it prints with <c>stdout</c> (trailing whitespace ignored).</summary>
    Stdio,
}

/// <summary>One test: arguments and expected value (function mode) or input and expected output (stdio mode).</summary>
public sealed record TestCase(JsonArray? Args, JsonNode? Expected, string? Stdin, string? Stdout);

/// <summary>
/// A parsed test specification. JSON fields: <c>entryPoint</c> ("Solution.Solve"; function mode), <c>mode</c>
/// ("stdio" for console programs), <c>tests</c> (function: <c>args</c> array + <c>expected</c>; stdio: <c>stdin</c> +
/// <c>stdout</c>), <c>timeLimitMs</c> (CPU time per test; a test that sleeps or waits also stops after
/// <see cref="SandboxOptions.WallLimitFactor"/> times it in wall-clock time), <c>memoryLimitMb</c>, and
/// <c>floatTolerance</c>: two numbers match when |actual - expected| &lt;= floatTolerance * max(1, |expected|); integers compare exactly.
/// </summary>
public sealed record TestSpec(TestMode Mode, string? EntryType, string? EntryMethod, IReadOnlyList<TestCase> Tests,
    int TimeLimitMs, int MemoryLimitMb, double FloatTolerance)
{
    /// <summary>Parses and validates a specification; a malformed one is the task author's bug and throws with what to fix.</summary>
    public static TestSpec Parse(JsonObject json, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(options);
        string mode = Text(json, "mode") ?? "function";
        if (mode is not ("function" or "stdio"))
            throw Bad($"'mode' must be \"function\" or \"stdio\", found \"{mode}\"");
        var stdio = mode == "stdio";
        if (json["tests"] is not JsonArray tests || tests.Count == 0)
            throw Bad("'tests' must be a non-empty array");

        string? type = null, method = null;
        if (!stdio)
        {
            string entry = Text(json, "entryPoint") ?? throw Bad("function mode needs 'entryPoint' such as \"Solution.Solve\"");
            int dot = entry.LastIndexOf('.');
            if (dot <= 0 || dot == entry.Length - 1)
                throw Bad($"'entryPoint' must be Type.Method (for example \"Solution.Solve\"), found \"{entry}\"");
            (type, method) = (entry[..dot], entry[(dot + 1)..]);
        }

        var cases = new List<TestCase>();
        for (int i = 0; i < tests.Count; i++)
        {
            if (tests[i] is not JsonObject t)
                throw Bad($"tests[{i}] must be an object");
            if (stdio)
            {
                if (t["stdout"] is null)
                    throw Bad($"tests[{i}] needs 'stdout' (the expected output) in stdio mode");
                cases.Add(new TestCase(null, null, Text(t, "stdin") ?? "", Text(t, "stdout")));
            }
            else
            {
                if (t["args"] is not JsonArray args)
                    throw Bad($"tests[{i}] needs 'args', a JSON array of arguments");
                if (!t.ContainsKey("expected"))
                    throw Bad($"tests[{i}] needs 'expected' (the return value)");
                cases.Add(new TestCase((JsonArray)args.DeepClone(), t["expected"]?.DeepClone(), null, null));
            }
        }

        int time = Int(json, "timeLimitMs") ?? options.DefaultTimeLimitMs;
        if (time < 1 || time > options.MaxTimeLimitMs)
            throw Bad($"'timeLimitMs' must be 1..{options.MaxTimeLimitMs} (Sandbox:MaxTimeLimitMs), found {time}");
        int memory = Int(json, "memoryLimitMb") ?? options.MemoryLimitMb;
        if (memory < 1)
            throw Bad($"'memoryLimitMb' must be positive, found {memory}");
        double tolerance = json["floatTolerance"] is JsonValue tv && tv.TryGetValue(out double d) ? d : options.FloatTolerance;
        if (tolerance < 0 || double.IsNaN(tolerance))
            throw Bad($"'floatTolerance' must be 0 or more, found {tolerance}");
        return new TestSpec(stdio ? TestMode.Stdio : TestMode.Function, type, method, cases, time,
            Math.Min(memory, options.MemoryLimitMb), tolerance);
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] switch
        {
            null => null,
            JsonValue v when v.TryGetValue(out string? s) => s,
            var other => throw Bad($"'{name}' must be a string, found {other.ToJsonString()}"),
        };

    private static int? Int(JsonObject json, string name) =>
        json[name] switch
        {
            null => null,
            JsonValue v when v.TryGetValue(out int i) => i,
            var other => throw Bad($"'{name}' must be an integer, found {other.ToJsonString()}"),
        };

    private static R1GymException Bad(string what) => new($"Invalid sandbox test specification: {what}.");
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Code.Procedural;

/// <summary>Options of <c>code/array-transform-v1</c>.</summary>
public sealed record ArrayTransformOptions : CodeTaskOptions
{
    /// <summary>Longest generated array. Default 20.</summary>
    [Range(1, 10_000)]
    public int MaxLength { get; init; } = 20;

    /// <summary>Largest absolute element value. Default 100.</summary>
    [Range(1, 1_000_000)]
    public int MaxValue { get; init; } = 100;

    /// <summary>Generated tests per problem. Default 8.</summary>
    [Range(1, 50)]
    public int Tests { get; init; } = 8;
}

/// <summary>
/// Small array functions with seeded parameters (threshold sums, rotations, runs, windows, prefix maxima):
/// each item picks a family and its constants, generates arrays and computes the expected results natively.
/// </summary>
internal sealed class ArrayTransformTask(ArrayTransformOptions options, IServiceProvider services) : ReasoningTask<ArrayTransformOptions>(options)
{
    private sealed record Family(string Statement, string Signature, string Body, Func<int[], JsonNode> Expected, string Reasoning);

    private readonly CodeVerifier _verifier = new(services, options);

    protected override Problem Create(Random random, int index)
    {
        var family = Pick(random);
        var tests = new List<(JsonArray, JsonNode?)>();
        for (int t = 0; t < Options.Tests; t++)
        {
            int length = t == 0 ? 0 : random.Next(1, Options.MaxLength + 1);
            var values = Enumerable.Range(0, length).Select(_ => random.Next(-Options.MaxValue, Options.MaxValue + 1)).ToArray();
            tests.Add((new JsonArray(new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray())), family.Expected(values)));
        }
        var statement = $"Write a C# function over an array of integers: {family.Statement}";
        return FunctionProblem.Create(statement, family.Signature, tests, FunctionProblem.Reference(family.Body), 0, family.Reasoning);
    }

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
        _verifier.VerifyAsync(args, cancellationToken);

    public override string? Solve(Problem problem) => FunctionProblem.Solve(problem);

    private Family Pick(Random random)
    {
        int t = random.Next(-Options.MaxValue / 2, Options.MaxValue / 2 + 1), k = random.Next(1, 6);
        return random.Next(5) switch
        {
            0 => new Family(
                $"return the sum of the elements greater than {t} (0 when there are none).",
                "long SumAbove(int[] values)",
                $"    public static long SumAbove(int[] values) => values.Where(v => v > {t}).Sum(v => (long)v);",
                v => JsonValue.Create(v.Where(x => x > t).Sum(x => (long)x)),
                $"I keep the elements strictly greater than {t} and add them as longs so large arrays cannot overflow; an empty selection sums to 0."),
            1 => new Family(
                $"return a new array rotated left by {k} positions (the first {k} elements move to the end, wrapping around for short arrays).",
                "int[] RotateLeft(int[] values)",
                $"    public static int[] RotateLeft(int[] values) =>\n        values.Length == 0 ? values : values.Skip({k} % values.Length).Concat(values.Take({k} % values.Length)).ToArray();",
                v => Ints(v.Length == 0 ? v : v.Skip(k % v.Length).Concat(v.Take(k % v.Length))),
                $"Rotating by {k} is the same as rotating by {k} mod the length, which also handles arrays shorter than {k}; an empty array stays empty."),
            2 => new Family(
                "return the length of the longest run of consecutive elements that strictly increases (0 for an empty array).",
                "int LongestIncreasingRun(int[] values)",
                "    public static int LongestIncreasingRun(int[] values)\n    {\n        int best = 0, run = 0;\n        for (int i = 0; i < values.Length; i++)\n        {\n            run = i > 0 && values[i] > values[i - 1] ? run + 1 : 1;\n            best = Math.Max(best, run);\n        }\n        return best;\n    }",
                v => JsonValue.Create(LongestRun(v)),
                "I scan once, extending the current run while each element is larger than the previous one and restarting at 1 otherwise, keeping the best length."),
            3 => new Family(
                "return the running maximum: element i of the result is the largest of the first i + 1 elements.",
                "int[] RunningMax(int[] values)",
                "    public static int[] RunningMax(int[] values)\n    {\n        var result = new int[values.Length];\n        for (int i = 0; i < values.Length; i++)\n            result[i] = i == 0 ? values[0] : Math.Max(result[i - 1], values[i]);\n        return result;\n    }",
                v => Ints(v.Select((x, i) => v.Take(i + 1).Max())),
                "Each prefix maximum is the previous one compared with the new element, so one pass suffices."),
            _ => new Family(
                $"return the largest sum of {k} consecutive elements, or 0 when the array has fewer than {k} elements.",
                "long MaxWindowSum(int[] values)",
                $"    public static long MaxWindowSum(int[] values)\n    {{\n        if (values.Length < {k})\n            return 0;\n        long window = 0;\n        for (int i = 0; i < {k}; i++)\n            window += values[i];\n        long best = window;\n        for (int i = {k}; i < values.Length; i++)\n        {{\n            window += values[i] - values[i - {k}];\n            best = Math.Max(best, window);\n        }}\n        return best;\n    }}",
                v => JsonValue.Create(v.Length < k ? 0L : Enumerable.Range(0, v.Length - k + 1).Max(i => v.Skip(i).Take(k).Sum(x => (long)x))),
                $"A sliding window of width {k} adds the entering element and drops the leaving one; the best window sum may be negative, and short arrays give 0."),
        };
    }

    private static JsonArray Ints(IEnumerable<int> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static int LongestRun(int[] v)
    {
        int best = 0, run = 0;
        for (int i = 0; i < v.Length; i++)
        {
            run = i > 0 && v[i] > v[i - 1] ? run + 1 : 1;
            best = Math.Max(best, run);
        }
        return best;
    }
}

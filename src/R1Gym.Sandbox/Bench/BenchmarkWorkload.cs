using System.Text.Json.Nodes;

namespace R1Gym.Sandbox.Bench;

/// <summary>One answer of the benchmark workload and the verdict it should get.</summary>
public sealed record BenchmarkAnswer(string Code, JsonObject Tests, string ExpectedVerdict);

/// <summary>
/// The standard mixed workload: distinct answers (every source differs, so the compile cache never helps) to five
/// small problems, five tests each; per 50 answers 35 correct, 8 wrong, 5 compile errors, 1 runtime error and 1 timeout.
/// Every wrong solution fails at least one of its tests for every answer index (the prime counter's bug counts 1 as a
/// prime, wrong for every n; its earlier "i &lt; n" bug was right whenever n was not prime, and answer 138 passed).
/// </summary>
public static class BenchmarkWorkload
{
    public const int TimeLimitMs = 250;

    private sealed record Problem(string Solution, string Wrong, Func<int, (JsonNode?[] Args, JsonNode? Expected)> Test);

    private static readonly Problem[] Problems =
    [
        new("public class Solution { public long Solve(int[] a) { long s = 0; foreach (var x in a) s += x; return s + K; } }",
            "public class Solution { public long Solve(int[] a) { long s = 0; for (int i = 1; i < a.Length; i++) s += a[i]; return s + K; } }",
            i => ([new JsonArray(Enumerable.Range(i, 20).Select(x => (JsonNode?)(x * 7 % 13 + 1)).ToArray())], Enumerable.Range(i, 20).Sum(x => x * 7 % 13 + 1))),
        new("public class Solution { public string Solve(string s) { var c = s.ToCharArray(); Array.Reverse(c); return new string(c) + (K == 0 ? \"\" : \"\"); } }",
            "public class Solution { public string Solve(string s) => s.Length > 3 ? s.Substring(1) : s + (K == 0 ? \"\" : \"\"); }",
            i => (["abcdef"[..(i % 6 + 1)] + i], new string(("abcdef"[..(i % 6 + 1)] + i).Reverse().ToArray()))),
        new("public class Solution { public long Solve(int n) { long a = 0, b = 1; for (int i = 0; i < n; i++) (a, b) = (b, a + b); return a + K; } }",
            "public class Solution { public long Solve(int n) { long a = 1, b = 1; for (int i = 0; i < n; i++) (a, b) = (b, a + b); return a + K; } }",
            i => ([i + 10], Fib(i + 10))),
        new("public class Solution { public int Solve(int n) { int c = 0; for (int i = 2; i <= n; i++) { bool p = true; for (int d = 2; d * d <= i; d++) if (i % d == 0) { p = false; break; } if (p) c++; } return c + K; } }",
            "public class Solution { public int Solve(int n) { int c = 0; for (int i = 1; i <= n; i++) { bool p = true; for (int d = 2; d * d <= i; d++) if (i % d == 0) { p = false; break; } if (p) c++; } return c + K; } }",
            i => ([i * 10 + 3], Enumerable.Range(2, i * 10 + 2).Count(IsPrime))),
        new("public class Solution { public List<int> Solve(List<int> a) => a.Where(x => x % 2 == 0).OrderBy(x => x).Select(x => x + K).ToList(); }",
            "public class Solution { public List<int> Solve(List<int> a) => a.Where(x => x % 2 == 0).Select(x => x + K).ToList(); }",
            i => ([new JsonArray(Enumerable.Range(0, 12).Select(x => (JsonNode?)((x * 37 + i) % 50)).ToArray())],
                new JsonArray(Enumerable.Range(0, 12).Select(x => (x * 37 + i) % 50).Where(x => x % 2 == 0).Order().Select(x => (JsonNode?)x).ToArray()))),
    ];

    /// <summary>The first <paramref name="count"/> answers of the workload (deterministic).</summary>
    public static IReadOnlyList<BenchmarkAnswer> Create(int count) =>
        Enumerable.Range(0, count).Select(Answer).ToList();

    private static BenchmarkAnswer Answer(int i)
    {
        var problem = Problems[i % Problems.Length];
        int slot = i % 50;
        var tests = new JsonObject
        {
            ["entryPoint"] = "Solution.Solve",
            ["timeLimitMs"] = TimeLimitMs,
            ["tests"] = new JsonArray(Enumerable.Range(0, 5).Select(t =>
            {
                var (args, expected) = problem.Test(i * 5 + t);
                return (JsonNode)new JsonObject { ["args"] = new JsonArray(args), ["expected"] = expected };
            }).ToArray()),
        };
        // A distinct constant per answer: distinct source, same behaviour.
        string salt = $"\npartial class Solution {{ const int K = 0; /* answer {i} */ }}\n";
        string code = slot switch
        {
            < 35 => problem.Solution.Replace("public class", "public partial class", StringComparison.Ordinal) + salt,
            < 43 => problem.Wrong.Replace("public class", "public partial class", StringComparison.Ordinal) + salt,
            < 48 => problem.Solution.Replace("public class", "public partial class", StringComparison.Ordinal) + salt + "class Broken { int X() => K + missing; }\n",
            48 => $"public class Solution {{ public int Solve(int[] a) => a[a.Length + {i}]; }}",
            _ => $"public class Solution {{ public int Solve(int[] a) {{ long x = {i}; while (x != -1) x = (x * 7 + 1) % 1000003; return (int)x; }} }}",
        };
        if (slot >= 48)
            tests["tests"] = new JsonArray(Enumerable.Range(0, 5).Select(t => (JsonNode)new JsonObject { ["args"] = new JsonArray(new JsonArray(1, 2, 3)), ["expected"] = 0 }).ToArray());
        string verdict = slot switch
        {
            < 35 => Verdicts.Accepted,
            < 43 => Verdicts.WrongAnswer,
            < 48 => Verdicts.CompileError,
            48 => Verdicts.RuntimeError,
            _ => Verdicts.TimeLimit,
        };
        return new BenchmarkAnswer(code, tests, verdict);
    }

    private static long Fib(int n)
    {
        long a = 0, b = 1;
        for (int i = 0; i < n; i++)
            (a, b) = (b, a + b);
        return a;
    }

    private static bool IsPrime(int n)
    {
        for (int d = 2; d * d <= n; d++)
            if (n % d == 0)
                return false;
        return n >= 2;
    }
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Code.Procedural;

/// <summary>Options of <c>code/multiples-sum-v1</c>.</summary>
public sealed record MultiplesSumOptions : CodeTaskOptions
{
    /// <summary>1: limits up to 1,000; 2: up to 1,000,000; 3: up to 2,000,000,000 (a loop is too slow; inclusion-exclusion is needed). Default 2.</summary>
    [Range(1, 3)]
    public int Difficulty { get; init; } = 2;

    /// <summary>Generated tests per problem. Default 8.</summary>
    [Range(1, 50)]
    public int Tests { get; init; } = 8;
}

/// <summary>
/// "Sum of the positive integers below n divisible by at least one of k1..km" with seeded factors and limits;
/// the expected values come from inclusion-exclusion, so high difficulty rewards the closed form over a loop.
/// </summary>
internal sealed class MultiplesSumTask(MultiplesSumOptions options, IServiceProvider services) : ReasoningTask<MultiplesSumOptions>(options)
{
    private readonly CodeVerifier _verifier = new(services, options);

    protected override Problem Create(Random random, int index)
    {
        int count = random.Next(1, Options.Difficulty + 2);
        var factors = new SortedSet<int>();
        while (factors.Count < count)
            factors.Add(random.Next(2, 6 + 4 * Options.Difficulty));
        long max = Options.Difficulty switch { 1 => 1_000, 2 => 1_000_000, _ => 2_000_000_000 };
        var limits = new List<long> { 0, 1, factors.Min + 1 };
        while (limits.Count < Options.Tests)
            limits.Add(random.NextInt64(1, max + 1));
        var k = factors.ToArray();
        var tests = limits.Take(Options.Tests).Select(n => (new JsonArray(n), (JsonNode?)JsonValue.Create(SumBelow(n, k))));
        var statement = $"Write a C# function that returns the sum of all positive integers below n that are divisible by at least one of "
            + $"{string.Join(", ", k)}. n is between 0 and {max:N0}; the result fits in a long.";
        return FunctionProblem.Create(statement, "long SumOfMultiples(long n)", tests, Reference(k), Options.Difficulty, Reasoning);
    }

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
        _verifier.VerifyAsync(args, cancellationToken);

    public override string? Solve(Problem problem) => FunctionProblem.Solve(problem);

    private const string Reasoning =
        "A loop up to n is too slow for large n, so I use inclusion-exclusion: for every non-empty subset of the factors, "
        + "d = lcm(subset) contributes d * m * (m + 1) / 2 with m = (n - 1) / d, added for odd subsets and subtracted for even ones. "
        + "n = 0 and n = 1 give 0 because no positive integer lies below them.";

    /// <summary>The sum by inclusion-exclusion; the same computation the reference solution performs.</summary>
    internal static long SumBelow(long n, IReadOnlyList<int> factors)
    {
        long total = 0;
        for (int mask = 1; mask < 1 << factors.Count; mask++)
        {
            long lcm = 1;
            int bits = 0;
            for (int i = 0; i < factors.Count; i++)
                if ((mask & (1 << i)) != 0)
                {
                    lcm = lcm / Gcd(lcm, factors[i]) * factors[i];
                    bits++;
                }
            long m = n <= 0 ? 0 : (n - 1) / lcm;
            long sum = checked(lcm * (m * (m + 1) / 2));
            total += bits % 2 == 1 ? sum : -sum;
        }
        return total;
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    private static string Reference(int[] factors) => FunctionProblem.Reference($$"""
            private static readonly long[] Factors = { {{string.Join(", ", factors)}} };

            private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

            public static long SumOfMultiples(long n)
            {
                long total = 0;
                for (int mask = 1; mask < 1 << Factors.Length; mask++)
                {
                    long lcm = 1;
                    int bits = 0;
                    for (int i = 0; i < Factors.Length; i++)
                        if ((mask & (1 << i)) != 0)
                        {
                            lcm = lcm / Gcd(lcm, Factors[i]) * Factors[i];
                            bits++;
                        }
                    long m = n <= 0 ? 0 : (n - 1) / lcm;
                    long sum = lcm * (m * (m + 1) / 2);
                    total += bits % 2 == 1 ? sum : -sum;
                }
                return total;
            }
        """);
}

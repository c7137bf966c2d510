using System.ComponentModel.DataAnnotations;
using System.Globalization;
using R1Gym.Abstractions;

namespace R1Gym.TaskTemplate;

// A sample task to start from: it poses multiplications. Keep the shape (options record, generator, verifier, worked
// solution) and replace what the problems are about. Bump the -vN of the task id whenever a change could change rewards.

/// <summary>Options of sample/sample-task-v1, bound from JSON (<c>--options '{"digits": 3}'</c>) and validated before use.</summary>
public sealed record TemplateClassOptions : TaskOptions
{
    /// <summary>Digits of each factor. Default: 2.</summary>
    [Range(1, 9)]
    public int Digits { get; init; } = 2;
}

/// <summary>sample/sample-task-v1: problems are a pure function of (seed, index); the verifier never throws on model output.</summary>
public sealed class TemplateClassTask(TemplateClassOptions options) : ReasoningTask<TemplateClassOptions>(options)
{
    /// <summary>The generator: use only <paramref name="random"/>, seeded by (seed, index), so every machine gets the same problem.</summary>
    protected override Problem Create(Random random, int index)
    {
        long low = (long)Math.Pow(10, Options.Digits - 1), high = (long)Math.Pow(10, Options.Digits);
        long a = random.NextInt64(low, high), b = random.NextInt64(low, high);
        return new Problem($"What is {a} * {b}? Put the final answer in \\boxed{{}}.", (a * b).ToString(CultureInfo.InvariantCulture), Options.Digits)
        {
            Metadata = new Dictionary<string, string> { ["a"] = a.ToString(CultureInfo.InvariantCulture), ["b"] = b.ToString(CultureInfo.InvariantCulture) },
        };
    }

    /// <summary>The verifier: a score in [0, 1] and a short reason. The base class already scores empty output 0.</summary>
    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken)
    {
        var answer = args.FinalAnswer;
        if (answer is null)
            return ValueTask.FromResult(Verdict.Wrong("no final answer"));
        return ValueTask.FromResult(Numbers.AreEqual(answer, args.Problem.Answer)
            ? Verdict.Correct()
            : Verdict.Wrong($"expected {args.Problem.Answer}, got {(answer.Length > 40 ? answer[..40] + "..." : answer)}"));
    }

    /// <summary>A worked solution in the R1 format (cold-start SFT data; the conformance check verifies it scores 1).</summary>
    public override string? Solve(Problem problem)
    {
        long a = long.Parse(problem.Metadata["a"], CultureInfo.InvariantCulture);
        long b = long.Parse(problem.Metadata["b"], CultureInfo.InvariantCulture);
        var digits = b.ToString(CultureInfo.InvariantCulture).Reverse().Select((c, i) => (Digit: c - '0', Place: (long)Math.Pow(10, i))).ToList();
        var partials = digits.Select(d => a * d.Digit * d.Place).ToList();
        var steps = digits.Select((d, i) => $"{a} x {d.Digit} x {d.Place} = {partials[i]}");
        var reasoning = $"Multiply {a} by each digit of {b}:\n{string.Join("\n", steps)}\nSum: {string.Join(" + ", partials)} = {partials.Sum()}";
        return R1Format.Compose(reasoning, $"\\boxed{{{partials.Sum()}}}");
    }
}

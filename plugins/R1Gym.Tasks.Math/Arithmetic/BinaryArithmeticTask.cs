using System.Numerics;
using R1Gym.Abstractions;
using R1Gym.Tasks.Math.Checking;

namespace R1Gym.Tasks.Math.Arithmetic;

/// <summary>
/// What the column-arithmetic tasks share: "What is a op b?", the operands kept as metadata for the worked solution, and
/// a verdict that wants one whole number, compared by the math checker. Each task picks its operands and writes its
/// own worked solution.
/// </summary>
internal abstract class BinaryArithmeticTask<TOptions>(TOptions options) : ReasoningTask<TOptions>(options)
    where TOptions : TaskOptions
{
    private static readonly MathChecker Checker = new();

    /// <summary>The operator as the prompt writes it.</summary>
    protected abstract char Operator { get; }

    /// <summary>The operands of one problem and its difficulty level.</summary>
    protected abstract (BigInteger A, BigInteger B, int Difficulty) Operands(Random random);

    protected abstract BigInteger Apply(BigInteger a, BigInteger b);

    protected sealed override Problem Create(Random random, int index)
    {
        var (a, b, difficulty) = Operands(random);
        var prompt = $"What is {a} {Operator} {b}? Give the final answer inside <answer></answer> tags.";
        return new Problem(prompt, Digits.Text(Apply(a, b)), difficulty)
        {
            Metadata = new Dictionary<string, string> { ["a"] = Digits.Text(a), ["b"] = Digits.Text(b) },
        };
    }

    protected sealed override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
        ValueTask.FromResult(args.FinalAnswer is { } answer && !MathChecker.IsFinalNumber(answer, allowFraction: false)
            ? Verdict.Wrong("the answer must be a single number, not an expression")
            : Checker.Check(args.Problem.Answer, args.FinalAnswer));
}

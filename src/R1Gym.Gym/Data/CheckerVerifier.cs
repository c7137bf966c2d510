using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// How a completion is judged against a reference answer with an <see cref="IAnswerChecker"/>: the verifier of every
/// data task (what training rewards), and of <c>r1gym grade</c> for lines that carry their own answer.
/// </summary>
public static class CheckerVerifier
{
    /// <summary>
    /// The checker's verdict on the completion's final answer (<see cref="VerifyArgs.FinalAnswer"/>) against
    /// <c>args.Problem.Answer</c>; an empty completion, or one with no final answer, scores 0 with the reason.
    /// </summary>
    public static Verdict Verify(IAnswerChecker checker, VerifyArgs args)
    {
        ArgumentNullException.ThrowIfNull(checker);
        ArgumentNullException.ThrowIfNull(args);
        if (string.IsNullOrWhiteSpace(args.Completion))
            return Verdict.Wrong("empty completion");
        var answer = args.FinalAnswer;
        if (answer is null)
            return Verdict.Wrong(Answers.AfterThink(args.Completion) is null
                ? "no final answer: the <think> block is never closed"
                : "no final answer after </think>");
        return checker.Check(args.Problem.Answer, answer);
    }
}

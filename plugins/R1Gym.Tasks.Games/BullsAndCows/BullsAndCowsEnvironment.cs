using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Games;

/// <summary>Knobs of <c>game/bulls-and-cows-v1</c>.</summary>
public sealed record BullsAndCowsOptions : TaskOptions
{
    /// <summary>Digits in the secret number, all different, each 0-9. Default: 4.</summary>
    [Range(2, 5)]
    public int Digits { get; init; } = 4;

    /// <summary>Guesses allowed (invalid ones count); running out truncates the episode with reward 0. Default: 10.</summary>
    [Range(1, 30)]
    public int MaxTurns { get; init; } = 10;
}

/// <summary>
/// Bulls and cows: guess a secret number of different digits; each guess is answered with bulls (right digit, right
/// place) and cows (right digit, wrong place). Guessing it terminates with reward 1; running out of turns truncates
/// with 0. A guess that is unreadable or repeats a digit costs a turn and earns an explanation. The reference policy
/// plays the first number, in increasing order, consistent with every answer so far.
/// </summary>
internal sealed class BullsAndCowsEnvironment(BullsAndCowsOptions options) : CodeBreakingEnvironment(options.MaxTurns)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, List<int[]>> Codes = new();

    protected override int[] DrawSecret(Random random)
    {
        var digits = Enumerable.Range(0, 10).ToArray();
        random.Shuffle(digits);
        return digits[..options.Digits];
    }

    /// <summary>Every number of different digits, in increasing order; built once per size.</summary>
    protected override List<int[]> AllCodes() => Codes.GetOrAdd(options.Digits, d =>
        MastermindCode.All(d, 10).Select(c => c.Select(x => x - 1).ToArray()).Where(c => c.Distinct().Count() == c.Length).ToList());

    protected override Observation Rules()
    {
        var text =
            $"Let's play bulls and cows. I have chosen a secret number of {options.Digits} different digits (0-9; it may start with 0).\n" +
            $"You have {options.MaxTurns} guesses, each {options.Digits} different digits. After each guess I tell you the bulls " +
            "(right digit in the right place) and the cows (right digit in the wrong place).\n" +
            $"Reply with your guess inside <answer></answer> tags, for example <answer>{string.Concat(Enumerable.Range(1, options.Digits))}</answer>.";
        return new Observation(text) { Info = new JsonObject { ["digits"] = options.Digits } };
    }

    /// <summary>Exactly <see cref="BullsAndCowsOptions.Digits"/> different digits, read like a Mastermind guess.</summary>
    protected override int[]? Read(string? answer, out string error)
    {
        var guess = MastermindCode.Parse(answer, options.Digits, 0, 9, out error);
        if (guess is not null && guess.Distinct().Count() != guess.Length)
        {
            error = "the digits of a guess must all be different";
            return null;
        }
        return guess;
    }

    protected override string Feedback(int inPlace, int misplaced) =>
        $"{inPlace} bull{(inPlace == 1 ? "" : "s")}, {misplaced} cow{(misplaced == 1 ? "" : "s")}";

    protected override string WinningGuessIs => "is my number";

    protected override string OutOfGuesses(string secret) => $"No guesses left; the number was {secret}.";

    protected override string Reasoning(int turn, int candidates, string guess) => turn == 0
        ? $"No answers yet, so all {candidates} numbers are possible. I start with the smallest, {guess}."
        : $"{candidates} number{(candidates == 1 ? " is" : "s are")} consistent with every answer so far. I guess the smallest of them, {guess}.";
}

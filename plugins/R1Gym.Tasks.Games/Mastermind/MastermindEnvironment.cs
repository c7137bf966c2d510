using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Games;

/// <summary>Knobs of <c>game/mastermind-v1</c>.</summary>
public sealed record MastermindOptions : TaskOptions
{
    /// <summary>Digits in the secret code. Default: 4.</summary>
    [Range(2, 6)]
    public int Pegs { get; init; } = 4;

    /// <summary>Each digit is between 1 and this value; digits may repeat. Default: 6.</summary>
    [Range(2, 9)]
    public int Colors { get; init; } = 6;

    /// <summary>Guesses allowed (invalid ones count); running out truncates the episode with reward 0. Default: 10.</summary>
    [Range(1, 30)]
    public int MaxTurns { get; init; } = 10;
}

/// <summary>
/// Mastermind: guess a secret code; after each guess the agent learns how many digits are right and in place (black)
/// and right but misplaced (white). Solving it ends the episode with reward 1; running out of turns truncates it with 0.
/// An unreadable guess costs a turn and earns feedback, never an exception. The reference policy always plays the first
/// code (in lexicographic order) consistent with every answer so far.
/// </summary>
internal sealed class MastermindEnvironment(MastermindOptions options) : CodeBreakingEnvironment(options.MaxTurns)
{
    protected override int[] DrawSecret(Random random) =>
        Enumerable.Range(0, options.Pegs).Select(_ => random.Next(1, options.Colors + 1)).ToArray();

    protected override List<int[]> AllCodes() => MastermindCode.All(options.Pegs, options.Colors);

    protected override Observation Rules()
    {
        var example = string.Concat(Enumerable.Range(0, options.Pegs).Select(i => (char)('1' + i % options.Colors)));
        var text =
            $"Let's play Mastermind. I have chosen a secret code of {options.Pegs} digits, each from 1 to {options.Colors}; digits may repeat.\n" +
            $"You have {options.MaxTurns} guesses. After each guess I tell you how many digits are correct and in the right place (black) " +
            "and how many are correct but in the wrong place (white).\n" +
            $"Reply with your guess inside <answer></answer> tags, for example <answer>{example}</answer>.";
        return new Observation(text) { Info = new JsonObject { ["pegs"] = options.Pegs, ["colors"] = options.Colors } };
    }

    protected override int[]? Read(string? answer, out string error) => MastermindCode.Parse(answer, options.Pegs, 1, options.Colors, out error);

    protected override string Feedback(int inPlace, int misplaced) => $"{inPlace} black, {misplaced} white";

    protected override string WinningGuessIs => "is the secret code";

    protected override string OutOfGuesses(string secret) => $"No guesses left. The code was {secret}.";

    protected override string Reasoning(int turn, int candidates, string guess) => turn == 0
        ? $"No feedback yet, so all {candidates} codes are possible. I start with the first one, {guess}."
        : $"{candidates} code{(candidates == 1 ? " is" : "s are")} consistent with every answer so far. " +
          $"I guess the first of them, {guess}, so the answer either wins or rules more codes out.";
}

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
internal sealed class MastermindEnvironment(MastermindOptions options) : IEnvironment
{
    private int[] _secret = [];
    private List<int[]> _candidates = [];
    private int _turn;
    private bool _over;

    public ValueTask<Observation> ResetAsync(long seed, int index, CancellationToken cancellationToken = default)
    {
        var random = new Random(DeterministicSeed.Combine(seed, index));
        return ValueTask.FromResult(Start(Enumerable.Range(0, options.Pegs).Select(_ => random.Next(1, options.Colors + 1)).ToArray()));
    }

    /// <summary>Starts an episode with a chosen secret (tests walk every possible code through it).</summary>
    internal Observation Start(int[] secret)
    {
        _secret = secret;
        _candidates = MastermindCode.All(options.Pegs, options.Colors);
        (_turn, _over) = (0, false);
        var text =
            $"Let's play Mastermind. I have chosen a secret code of {options.Pegs} digits, each from 1 to {options.Colors}; digits may repeat.\n" +
            $"You have {options.MaxTurns} guesses. After each guess I tell you how many digits are correct and in the right place (black) " +
            "and how many are correct but in the wrong place (white).\n" +
            $"Reply with your guess inside <answer></answer> tags, for example <answer>{Example()}</answer>.";
        return new Observation(text) { Info = new JsonObject { ["pegs"] = options.Pegs, ["colors"] = options.Colors } };
    }

    public ValueTask<StepResult> StepAsync(string action, CancellationToken cancellationToken = default)
    {
        if (_secret.Length == 0)
            throw new InvalidOperationException("Call ResetAsync before StepAsync.");
        if (_over)
            return ValueTask.FromResult(new StepResult("The game is over; reset to play again.", 0, true, false));
        _turn++;
        int left = options.MaxTurns - _turn;
        var guess = MastermindCode.Parse(Answers.Extract(action), options.Pegs, 1, options.Colors, out var error);
        if (guess is null)
            return ValueTask.FromResult(End($"Guess {_turn} was not understood: {error}. {Remaining(left)}", left, solved: false));
        var (black, white) = MastermindCode.Score(_secret, guess);
        if (black == options.Pegs)
        {
            _over = true;
            return ValueTask.FromResult(new StepResult($"Guess {_turn}: {MastermindCode.Text(guess)} is the secret code. You win!", 1, true, false)
            {
                Info = new JsonObject { ["turn"] = _turn, ["solved"] = true },
            });
        }
        _candidates = _candidates.Where(c => MastermindCode.Score(c, guess) == (black, white)).ToList();
        return ValueTask.FromResult(End($"Guess {_turn}: {MastermindCode.Text(guess)} -> {black} black, {white} white. {Remaining(left)}", left, solved: false));
    }

    private StepResult End(string text, int left, bool solved)
    {
        bool truncated = left <= 0;
        _over = truncated;
        if (truncated)
            text += $" The code was {MastermindCode.Text(_secret)}.";
        return new StepResult(text, 0, false, truncated) { Info = new JsonObject { ["turn"] = _turn, ["solved"] = solved } };
    }

    private static string Remaining(int left) => left <= 0 ? "No guesses left." : $"{left} guess{(left == 1 ? "" : "es")} left.";

    private string Example() => string.Concat(Enumerable.Range(0, options.Pegs).Select(i => (char)('1' + i % options.Colors)));

    public string? ReferenceAction()
    {
        if (_over || _secret.Length == 0 || _candidates.Count == 0)
            return null;
        var guess = _candidates[0];
        var reasoning = _turn == 0
            ? $"No feedback yet, so all {_candidates.Count} codes are possible. I start with the first one, {MastermindCode.Text(guess)}."
            : $"{_candidates.Count} code{(_candidates.Count == 1 ? " is" : "s are")} consistent with every answer so far. " +
              $"I guess the first of them, {MastermindCode.Text(guess)}, so the answer either wins or rules more codes out.";
        return R1Format.Compose(reasoning, $"<answer>{MastermindCode.Text(guess)}</answer>");
    }
}

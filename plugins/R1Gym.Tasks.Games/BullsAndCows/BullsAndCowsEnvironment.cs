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
internal sealed class BullsAndCowsEnvironment(BullsAndCowsOptions options) : IEnvironment
{
    private int[] _secret = [];
    private List<int[]> _candidates = [];
    private int _turn;
    private bool _over;

    public ValueTask<Observation> ResetAsync(long seed, int index, CancellationToken cancellationToken = default)
    {
        var random = new Random(DeterministicSeed.Combine(seed, index));
        var digits = Enumerable.Range(0, 10).ToArray();
        random.Shuffle(digits);
        return ValueTask.FromResult(Start(digits[..options.Digits]));
    }

    /// <summary>Starts an episode with a chosen secret (tests walk many secrets through it).</summary>
    internal Observation Start(int[] secret)
    {
        _secret = secret;
        _candidates = AllCodes(options.Digits);
        (_turn, _over) = (0, false);
        var text =
            $"Let's play bulls and cows. I have chosen a secret number of {options.Digits} different digits (0-9; it may start with 0).\n" +
            $"You have {options.MaxTurns} guesses, each {options.Digits} different digits. After each guess I tell you the bulls " +
            "(right digit in the right place) and the cows (right digit in the wrong place).\n" +
            $"Reply with your guess inside <answer></answer> tags, for example <answer>{string.Concat(Enumerable.Range(1, options.Digits))}</answer>.";
        return new Observation(text) { Info = new JsonObject { ["digits"] = options.Digits } };
    }

    public ValueTask<StepResult> StepAsync(string action, CancellationToken cancellationToken = default)
    {
        if (_secret.Length == 0)
            throw new InvalidOperationException("Call ResetAsync before StepAsync.");
        if (_over)
            return ValueTask.FromResult(new StepResult("The game is over; reset to play again.", 0, true, false));
        _turn++;
        var guess = Read(Answers.Extract(action), out var error);
        if (guess is null)
            return ValueTask.FromResult(Continue($"Guess {_turn} was not understood: {error}."));
        var (bulls, cows) = MastermindCode.Score(_secret, guess);
        if (bulls == options.Digits)
        {
            _over = true;
            return ValueTask.FromResult(new StepResult($"Guess {_turn}: {Text(guess)} is my number. You win!", 1, true, false)
            {
                Info = new JsonObject { ["turn"] = _turn, ["solved"] = true },
            });
        }
        _candidates = _candidates.Where(c => MastermindCode.Score(c, guess) == (bulls, cows)).ToList();
        return ValueTask.FromResult(Continue($"Guess {_turn}: {Text(guess)} -> {bulls} bull{(bulls == 1 ? "" : "s")}, {cows} cow{(cows == 1 ? "" : "s")}."));
    }

    private StepResult Continue(string text)
    {
        int left = options.MaxTurns - _turn;
        _over = left <= 0;
        text += _over ? $" No guesses left; the number was {Text(_secret)}." : $" {left} guess{(left == 1 ? "" : "es")} left.";
        return new StepResult(text, 0, false, _over) { Info = new JsonObject { ["turn"] = _turn, ["solved"] = false } };
    }

    /// <summary>Exactly <see cref="BullsAndCowsOptions.Digits"/> different digits, read like a Mastermind guess.</summary>
    private int[]? Read(string? answer, out string error)
    {
        var guess = MastermindCode.Parse(answer, options.Digits, 0, 9, out error);
        if (guess is not null && guess.Distinct().Count() != guess.Length)
        {
            error = "the digits of a guess must all be different";
            return null;
        }
        return guess;
    }

    /// <summary>Every number of <paramref name="digits"/> different digits, in increasing order; built once per size and never mutated.</summary>
    private static List<int[]> AllCodes(int digits) => Codes.GetOrAdd(digits, d =>
        MastermindCode.All(d, 10).Select(c => c.Select(x => x - 1).ToArray()).Where(c => c.Distinct().Count() == c.Length).ToList());

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, List<int[]>> Codes = new();

    private static string Text(IEnumerable<int> code) => string.Concat(code);

    public string? ReferenceAction()
    {
        if (_over || _secret.Length == 0 || _candidates.Count == 0)
            return null;
        var guess = _candidates[0];
        var reasoning = _turn == 0
            ? $"No answers yet, so all {_candidates.Count} numbers are possible. I start with the smallest, {Text(guess)}."
            : $"{_candidates.Count} number{(_candidates.Count == 1 ? " is" : "s are")} consistent with every answer so far. I guess the smallest of them, {Text(guess)}.";
        return R1Format.Compose(reasoning, $"<answer>{Text(guess)}</answer>");
    }
}

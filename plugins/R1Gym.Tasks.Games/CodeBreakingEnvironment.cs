using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Games;

/// <summary>
/// The turn loop of the code-breaking games (Mastermind, bulls and cows): a hidden secret, guesses scored as (right and
/// in place, right but misplaced), a turn budget whose end truncates the episode with reward 0, and a reference policy
/// that plays the first candidate consistent with every answer so far. Each game supplies its secrets, its reading of a
/// guess and its wording.
/// </summary>
internal abstract class CodeBreakingEnvironment(int maxTurns) : IEnvironment
{
    private int[] _secret = [];
    private List<int[]> _candidates = [];
    private int _turn;
    private bool _over;

    /// <summary>A new secret drawn from <paramref name="random"/>.</summary>
    protected abstract int[] DrawSecret(Random random);

    /// <summary>Every possible secret, in the reference policy's order (shared, never mutated).</summary>
    protected abstract List<int[]> AllCodes();

    /// <summary>The first observation: the rules and the answer format.</summary>
    protected abstract Observation Rules();

    /// <summary>A guess read from the answer, or null with the reason.</summary>
    protected abstract int[]? Read(string? answer, out string error);

    /// <summary>"1 bull, 2 cows": the score of a guess that did not win.</summary>
    protected abstract string Feedback(int inPlace, int misplaced);

    /// <summary>"is my number": what a winning guess is.</summary>
    protected abstract string WinningGuessIs { get; }

    /// <summary>What the last turn adds when the secret was not found: "No guesses left; the number was 0123."</summary>
    protected abstract string OutOfGuesses(string secret);

    /// <summary>The reference policy's reasoning before it plays <paramref name="guess"/>, one of <paramref name="candidates"/> left.</summary>
    protected abstract string Reasoning(int turn, int candidates, string guess);

    public ValueTask<Observation> ResetAsync(long seed, int index, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Start(DrawSecret(new Random(DeterministicSeed.Combine(seed, index)))));

    /// <summary>Starts an episode with a chosen secret (tests walk many secrets through it).</summary>
    internal Observation Start(int[] secret)
    {
        _secret = secret;
        _candidates = AllCodes();
        (_turn, _over) = (0, false);
        return Rules();
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
        var score = MastermindCode.Score(_secret, guess);
        if (score.Black == _secret.Length)
        {
            _over = true;
            return ValueTask.FromResult(new StepResult($"Guess {_turn}: {MastermindCode.Text(guess)} {WinningGuessIs}. You win!", 1, true, false)
            {
                Info = new JsonObject { ["turn"] = _turn, ["solved"] = true },
            });
        }
        _candidates = _candidates.Where(c => MastermindCode.Score(c, guess) == score).ToList();
        return ValueTask.FromResult(Continue($"Guess {_turn}: {MastermindCode.Text(guess)} -> {Feedback(score.Black, score.White)}."));
    }

    private StepResult Continue(string text)
    {
        int left = maxTurns - _turn;
        _over = left <= 0;
        text += _over ? $" {OutOfGuesses(MastermindCode.Text(_secret))}" : $" {left} guess{(left == 1 ? "" : "es")} left.";
        return new StepResult(text, 0, false, _over) { Info = new JsonObject { ["turn"] = _turn, ["solved"] = false } };
    }

    public string? ReferenceAction()
    {
        if (_over || _secret.Length == 0 || _candidates.Count == 0)
            return null;
        var guess = MastermindCode.Text(_candidates[0]);
        return R1Format.Compose(Reasoning(_turn, _candidates.Count, guess), $"<answer>{guess}</answer>");
    }
}

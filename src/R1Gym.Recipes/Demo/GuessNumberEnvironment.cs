using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Recipes.Demo;

/// <summary>Options of <c>demo/guess-number-v1</c>.</summary>
public sealed record GuessNumberOptions : TaskOptions
{
    /// <summary>The secret is in 1..Max. Default: 15.</summary>
    [Range(2, 999)]
    public int Max { get; init; } = 15;

    /// <summary>Guesses allowed; the game is lost after the last wrong one. Default: 4 (exactly enough for binary search over 15).</summary>
    [Range(1, 20)]
    public int Guesses { get; init; } = 4;
}

/// <summary>
/// The game demo's environment: find a secret number in 1..Max within a few guesses; after each wrong guess the
/// environment says "higher" or "lower" and the interval left (<c>higher 9-15</c>). Winning (reward 1) needs a guess
/// near the middle of the interval every turn, which a character-level model can learn from scratch: the reference
/// policy reasons <c>9+15=24 /2=12</c>. Compact text, so a tiny model on a CPU plays hundreds of episodes a minute.
/// </summary>
public sealed class GuessNumberEnvironment(GuessNumberOptions options) : IEnvironment
{
    public const string Id = "demo/guess-number-v1";

    private int _secret, _low, _high, _left;

    public ValueTask<Observation> ResetAsync(long seed, int index, CancellationToken cancellationToken = default)
    {
        _secret = new Random(DeterministicSeed.Combine(seed, index)).Next(1, options.Max + 1);
        (_low, _high, _left) = (1, options.Max, options.Guesses);
        return ValueTask.FromResult(new Observation($"guess {_low}-{_high}"));
    }

    public ValueTask<StepResult> StepAsync(string action, CancellationToken cancellationToken = default)
    {
        if (_secret == 0)
            throw new InvalidOperationException("Call ResetAsync before StepAsync.");
        if (_left <= 0)
            return ValueTask.FromResult(new StepResult("over", 0, true, false) { Info = new JsonObject { ["won"] = false } });
        _left--;
        var answer = Answers.Extract(action);
        bool read = int.TryParse(answer, NumberStyles.Integer, CultureInfo.InvariantCulture, out int guess);
        if (read && guess == _secret)
            return ValueTask.FromResult(new StepResult("correct", 1, true, false) { Info = new JsonObject { ["won"] = true } });
        if (_left == 0)
            return ValueTask.FromResult(new StepResult($"lost {_secret}", 0, true, false) { Info = new JsonObject { ["won"] = false } });
        if (!read || guess < _low || guess > _high)
            return ValueTask.FromResult(new StepResult($"invalid {_low}-{_high}", 0, false, false) { Info = new JsonObject { ["invalid"] = true } });
        if (guess < _secret)
            _low = guess + 1;
        else
            _high = guess - 1;
        return ValueTask.FromResult(new StepResult($"{(guess < _secret ? "higher" : "lower")} {_low}-{_high}", 0, false, false));
    }

    /// <summary>Binary search: the middle of the interval left, with the sum and halving written out.</summary>
    public string? ReferenceAction()
    {
        if (_secret == 0 || _left <= 0)
            return null;
        int middle = (_low + _high) / 2;
        return R1Format.Compose($"{_low}+{_high}={_low + _high} /2={middle}", middle.ToString(CultureInfo.InvariantCulture));
    }
}

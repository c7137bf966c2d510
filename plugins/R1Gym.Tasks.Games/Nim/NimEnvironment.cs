using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Games;

/// <summary>Knobs of <c>game/nim-v1</c>.</summary>
public sealed record NimOptions : TaskOptions
{
    /// <summary>Heaps on the table. Default: 3.</summary>
    [Range(2, 6)]
    public int Heaps { get; init; } = 3;

    /// <summary>Each heap starts with 1 to this many objects. Default: 7.</summary>
    [Range(1, 30)]
    public int MaxHeap { get; init; } = 7;

    /// <summary>Chance, in percent, that the opponent plays a winning move when it has one (otherwise a random legal move). Default: 100.</summary>
    [Range(0, 100)]
    public int OpponentSkill { get; init; } = 100;

    /// <summary>Illegal or unreadable moves forgiven with feedback; the next one forfeits the game (reward 0). Default: 2.</summary>
    [Range(0, 10)]
    public int MaxInvalidMoves { get; init; } = 2;

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxHeap == 1 && Heaps % 2 == 0)
            yield return new ValidationResult("with MaxHeap = 1 an even number of heaps is always a lost start; raise MaxHeap or use an odd Heaps", [nameof(MaxHeap), nameof(Heaps)]);
    }
}

/// <summary>
/// Nim against a built-in opponent: take at least one object from one heap; whoever takes the last object wins (reward 1,
/// a loss is 0). Starts always have a non-zero nim-sum, so the agent, moving first, can force a win; the reference policy
/// plays the optimal nim-sum move. The opponent is seeded by (seed, index) and deterministic. An illegal or unreadable
/// move earns feedback and no reward; after <see cref="NimOptions.MaxInvalidMoves"/> of them the next forfeits.
/// </summary>
internal sealed partial class NimEnvironment(NimOptions options) : IEnvironment
{
    private int[] _heaps = [];
    private Random _opponent = new(0);
    private int _invalid;
    private bool _over;

    public ValueTask<Observation> ResetAsync(long seed, int index, CancellationToken cancellationToken = default)
    {
        var random = new Random(DeterministicSeed.Combine(seed, index));
        do
            _heaps = Enumerable.Range(0, options.Heaps).Select(_ => random.Next(1, options.MaxHeap + 1)).ToArray();
        while (NimSum(_heaps) == 0);
        _opponent = new Random(random.Next());
        (_invalid, _over) = (0, false);
        var text =
            $"Let's play Nim. The heaps are {Show()} (heap 1 to heap {options.Heaps}). We take turns; on your turn remove one or more objects " +
            "from a single heap. Whoever takes the last object wins. You move first.\n" +
            "Reply with your move inside <answer></answer> tags, for example <answer>take 2 from heap 1</answer>.";
        return ValueTask.FromResult(new Observation(text) { Info = new JsonObject { ["heaps"] = new JsonArray(_heaps.Select(h => (JsonNode)h).ToArray()) } });
    }

    public ValueTask<StepResult> StepAsync(string action, CancellationToken cancellationToken = default)
    {
        if (_heaps.Length == 0)
            throw new InvalidOperationException("Call ResetAsync before StepAsync.");
        if (_over)
            return ValueTask.FromResult(new StepResult("The game is over; reset to play again.", 0, true, false));
        if (ReadMove(Answers.Extract(action)) is not { } move)
            return ValueTask.FromResult(Invalid("I could not read a move like \"take 2 from heap 1\""));
        if (Illegal(move) is { } why)
            return ValueTask.FromResult(Invalid(why));
        _heaps[move.Heap] -= move.Take;
        var said = $"You took {move.Take} from heap {move.Heap + 1}.";
        if (_heaps.Sum() == 0)
        {
            _over = true;
            return ValueTask.FromResult(Result($"{said} You took the last object. You win!", 1, true));
        }
        var reply = OpponentMove();
        _heaps[reply.Heap] -= reply.Take;
        said += $" I take {reply.Take} from heap {reply.Heap + 1}.";
        if (_heaps.Sum() == 0)
        {
            _over = true;
            return ValueTask.FromResult(Result($"{said} I took the last object. You lose.", 0, true));
        }
        return ValueTask.FromResult(Result($"{said} The heaps are {Show()}. Your move.", 0, false));
    }

    /// <summary>Feedback for an illegal or unreadable move; past the allowance it forfeits the game.</summary>
    private StepResult Invalid(string why)
    {
        if (++_invalid <= options.MaxInvalidMoves)
            return Result($"{why}. The heaps are still {Show()}; try again.", 0, false);
        _over = true;
        return Result($"{why}. Too many invalid moves: you forfeit.", 0, true);
    }

    private StepResult Result(string text, double reward, bool terminated) =>
        new(text, reward, terminated, false) { Info = new JsonObject { ["heaps"] = Show(), ["invalid_moves"] = _invalid } };

    /// <summary>Why the move breaks the rules, or null when it is legal.</summary>
    private string? Illegal((int Heap, int Take) move) =>
        move.Heap < 0 || move.Heap >= _heaps.Length ? $"There is no heap {move.Heap + 1}"
        : move.Take < 1 ? "You must take at least one object"
        : move.Take > _heaps[move.Heap] ? $"Heap {move.Heap + 1} has only {_heaps[move.Heap]} objects"
        : null;

    /// <summary>The last "take N from heap H" (else the last "heap H: N") in the answer; null when neither is found.</summary>
    internal static (int Heap, int Take)? ReadMove(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxActionLength)
            return null;
        foreach (var pattern in new[] { TakeFrom(), HeapFirst() })
        {
            var matches = pattern.Matches(text);
            if (matches.Count > 0 && int.TryParse(matches[^1].Groups["take"].ValueSpan, out int take)
                && int.TryParse(matches[^1].Groups["heap"].ValueSpan, out int heap))
                return (heap - 1, take);
        }
        return null;
    }

    /// <summary>Longer answers are not searched for a move, which keeps hostile output cheap.</summary>
    private const int MaxActionLength = 4000;

    private (int Heap, int Take) OpponentMove()
    {
        var winning = OptimalMove(_heaps);
        if (winning is { } best && _opponent.Next(100) < options.OpponentSkill)
            return best;
        var nonEmpty = Enumerable.Range(0, _heaps.Length).Where(h => _heaps[h] > 0).ToArray();
        int heap = nonEmpty[_opponent.Next(nonEmpty.Length)];
        return (heap, _opponent.Next(1, _heaps[heap] + 1));
    }

    /// <summary>The move that leaves a nim-sum of zero, or null when the position is already lost.</summary>
    internal static (int Heap, int Take)? OptimalMove(int[] heaps)
    {
        int sum = NimSum(heaps);
        if (sum == 0)
            return null;
        for (int h = 0; h < heaps.Length; h++)
        {
            if ((heaps[h] ^ sum) < heaps[h])
                return (h, heaps[h] - (heaps[h] ^ sum));
        }
        return null;
    }

    private static int NimSum(int[] heaps) => heaps.Aggregate(0, (a, b) => a ^ b);

    private string Show() => $"[{string.Join(", ", _heaps)}]";

    public string? ReferenceAction()
    {
        if (_over || _heaps.Length == 0)
            return null;
        var move = OptimalMove(_heaps);
        string reasoning;
        if (move is { } m)
        {
            reasoning = $"The heaps are {Show()}. Their nim-sum (XOR) is {string.Join(" xor ", _heaps)} = {NimSum(_heaps)}, which is not zero, so I can win. " +
                $"Heap {m.Heap + 1} has {_heaps[m.Heap]}; {_heaps[m.Heap]} xor {NimSum(_heaps)} = {_heaps[m.Heap] - m.Take}, which is smaller, " +
                $"so taking {m.Take} from it leaves a nim-sum of 0 and the opponent in a lost position.";
        }
        else
        {
            int largest = Array.IndexOf(_heaps, _heaps.Max());
            m = (largest, 1);
            reasoning = $"The heaps are {Show()} with nim-sum 0: every move loses against perfect play, so I take 1 from the largest heap and hope for a mistake.";
        }
        return R1Format.Compose(reasoning, $"<answer>take {m.Take} from heap {m.Heap + 1}</answer>");
    }

    [GeneratedRegex(@"take\s+(?<take>-?\d{1,6})\s*(?:objects?|stones?|tokens?|items?)?\s+from\s+heap\s*#?\s*(?<heap>-?\d{1,6})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TakeFrom();

    [GeneratedRegex(@"heap\s*#?\s*(?<heap>-?\d{1,6})\s*[:,]?\s*(?:take\s*)?(?<take>-?\d{1,6})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HeapFirst();
}

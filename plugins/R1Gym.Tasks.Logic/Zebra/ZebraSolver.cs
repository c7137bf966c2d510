using System.Numerics;

namespace R1Gym.Tasks.Logic;

/// <summary>
/// Counts the solutions of a zebra puzzle up to a limit: each item has a bitmask of possible houses, clues prune the
/// masks (arc consistency), the values of one attribute take distinct houses, and search branches on the smallest mask.
/// </summary>
internal sealed class ZebraSolver(int houses, int attributes, IReadOnlyList<ZebraClue> clues)
{
    private int Items => houses * attributes;

    private int AllHouses => (1 << houses) - 1;

    /// <summary>Solutions (house of each item) counted up to <paramref name="limit"/>; the first is returned in <paramref name="first"/>.</summary>
    public int Count(int limit, out int[]? first)
    {
        var domains = Enumerable.Repeat(AllHouses, Items).ToArray();
        foreach (var clue in clues.Where(c => c.IsUnary))
            domains[clue.A] &= clue.Relation == ZebraRelation.InHouse ? 1 << clue.House : ~(1 << clue.House);
        int count = 0;
        int[]? found = null;
        Search(domains);
        first = found;
        return count;

        void Search(int[] state)
        {
            if (count >= limit || !Propagate(state))
                return;
            int best = -1;
            for (int i = 0; i < state.Length; i++)
            {
                if (BitOperations.PopCount((uint)state[i]) > 1 && (best < 0 || BitOperations.PopCount((uint)state[i]) < BitOperations.PopCount((uint)state[best])))
                    best = i;
            }
            if (best < 0)
            {
                count++;
                found ??= state.Select(BitOperations.TrailingZeroCount).ToArray();
                return;
            }
            for (int h = 0; h < houses && count < limit; h++)
            {
                if ((state[best] >> h & 1) == 0)
                    continue;
                var next = (int[])state.Clone();
                next[best] = 1 << h;
                Search(next);
            }
        }
    }

    /// <summary>
    /// A deduction trace towards <paramref name="solution"/>: each line says which item was placed and why (the clue,
    /// the only house left, or a case split whose other branches fail). Used by the reference solver.
    /// </summary>
    public List<(int Item, int House, string Why)> Explain(int[] solution)
    {
        var trace = new List<(int, int, string)>();
        var domains = Enumerable.Repeat(AllHouses, Items).ToArray();
        var known = new bool[Items];
        void Note(int[] state, string why)
        {
            for (int i = 0; i < state.Length; i++)
            {
                if (!known[i] && BitOperations.PopCount((uint)state[i]) == 1)
                {
                    known[i] = true;
                    trace.Add((i, BitOperations.TrailingZeroCount(state[i]), why));
                }
            }
        }
        for (int c = 0; c < clues.Count; c++)
        {
            if (clues[c].IsUnary)
            {
                domains[clues[c].A] &= clues[c].Relation == ZebraRelation.InHouse ? 1 << clues[c].House : ~(1 << clues[c].House);
                Note(domains, $"clue {c + 1}");
            }
        }
        while (known.Contains(false))
        {
            Propagate(domains, why => Note(domains, why));
            int open = Array.IndexOf(known, false);
            if (open < 0)
                break;
            int best = Enumerable.Range(0, Items).Where(i => !known[i]).MinBy(i => BitOperations.PopCount((uint)domains[i]));
            domains[best] = 1 << solution[best];
            Note(domains, "the other houses lead to a contradiction");
        }
        return trace;
    }

    /// <summary>Prunes until nothing changes; false when some item has no house left. <paramref name="progress"/> hears why after each change.</summary>
    private bool Propagate(int[] domains, Action<string>? progress = null)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int c = 0; c < clues.Count; c++)
            {
                var clue = clues[c];
                if (clue.IsUnary)
                    continue;
                bool revised = Revise(domains, clue, clue.A, clue.B, forward: true) | Revise(domains, clue, clue.B, clue.A, forward: false);
                if (revised)
                    progress?.Invoke($"clue {c + 1}");
                changed |= revised;
            }
            for (int attribute = 0; attribute < attributes; attribute++)
            {
                bool revised = Distinct(domains, attribute * houses);
                if (revised)
                    progress?.Invoke("every house has a different value of each attribute");
                changed |= revised;
            }
            if (domains.Any(d => d == 0))
                return false;
        }
        return true;
    }

    /// <summary>Keeps the houses of <paramref name="x"/> that some house of <paramref name="y"/> supports.</summary>
    private bool Revise(int[] domains, ZebraClue clue, int x, int y, bool forward)
    {
        int kept = 0;
        for (int hx = 0; hx < houses; hx++)
        {
            if ((domains[x] >> hx & 1) == 0)
                continue;
            for (int hy = 0; hy < houses; hy++)
            {
                if ((domains[y] >> hy & 1) == 1 && (forward ? clue.Holds(hx, hy) : clue.Holds(hy, hx)))
                {
                    kept |= 1 << hx;
                    break;
                }
            }
        }
        if (kept == domains[x])
            return false;
        domains[x] = kept;
        return true;
    }

    /// <summary>Values of one attribute: a fixed house is taken from the others; a house only one value can take is fixed.</summary>
    private bool Distinct(int[] domains, int start)
    {
        bool changed = false;
        for (int i = start; i < start + houses; i++)
        {
            if (BitOperations.PopCount((uint)domains[i]) != 1)
                continue;
            for (int j = start; j < start + houses; j++)
            {
                if (j != i && (domains[j] & domains[i]) != 0)
                {
                    domains[j] &= ~domains[i];
                    changed = true;
                }
            }
        }
        for (int h = 0; h < houses; h++)
        {
            int only = -1, places = 0;
            for (int i = start; i < start + houses; i++)
            {
                if ((domains[i] >> h & 1) == 1)
                    (only, places) = (i, places + 1);
            }
            if (places == 1 && domains[only] != 1 << h)
            {
                domains[only] = 1 << h;
                changed = true;
            }
        }
        return changed;
    }
}

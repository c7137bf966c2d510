using System.Numerics;

namespace R1Gym.Tasks.Logic;

/// <summary>
/// Sudoku geometry and a bitmask solver: <see cref="CountSolutions"/> stops at a limit (2 proves uniqueness), always
/// branching on the cell with the fewest candidates. Cells are row-major, 0 is empty, values run 1..Size.
/// </summary>
internal sealed class SudokuGrid
{
    public SudokuGrid(int size)
    {
        (BoxRows, BoxColumns) = size switch
        {
            4 => (2, 2),
            6 => (2, 3),
            9 => (3, 3),
            _ => throw new ArgumentOutOfRangeException(nameof(size), size, "sudoku sizes are 4, 6 and 9"),
        };
        Size = size;
    }

    public int Size { get; }

    public int BoxRows { get; }

    public int BoxColumns { get; }

    public int Box(int cell) => cell / Size / BoxRows * BoxRows + cell % Size / BoxColumns;

    private int AllValues => (1 << (Size + 1)) - 2;

    /// <summary>Candidate values of <paramref name="cell"/> as a bitmask (bit v set when v fits), given the other cells.</summary>
    public int Candidates(int[] cells, int cell)
    {
        int used = 0;
        for (int other = 0; other < cells.Length; other++)
        {
            if (other != cell && cells[other] != 0 && Sees(cell, other))
                used |= 1 << cells[other];
        }
        return AllValues & ~used;
    }

    public bool Sees(int a, int b) => a / Size == b / Size || a % Size == b % Size || Box(a) == Box(b);

    /// <summary>Solutions of <paramref name="cells"/>, counted up to <paramref name="limit"/>; the first one found is kept.</summary>
    public int CountSolutions(int[] cells, int limit, out int[]? first, Random? shuffle = null)
    {
        var work = (int[])cells.Clone();
        var rows = new int[Size];
        var columns = new int[Size];
        var boxes = new int[Size];
        first = null;
        for (int cell = 0; cell < work.Length; cell++)
        {
            int v = work[cell];
            if (v == 0)
                continue;
            int bit = 1 << v;
            int r = cell / Size, c = cell % Size, b = Box(cell);
            if (v < 1 || v > Size || ((rows[r] | columns[c] | boxes[b]) & bit) != 0)
                return 0;
            rows[r] |= bit;
            columns[c] |= bit;
            boxes[b] |= bit;
        }
        int count = 0;
        int[]? found = null;
        Search();
        first = found;
        return count;

        void Search()
        {
            int best = -1, bestMask = 0, bestCount = int.MaxValue;
            for (int cell = 0; cell < work.Length; cell++)
            {
                if (work[cell] != 0)
                    continue;
                int mask = AllValues & ~(rows[cell / Size] | columns[cell % Size] | boxes[Box(cell)]);
                int options = BitOperations.PopCount((uint)mask);
                if (options < bestCount)
                    (best, bestMask, bestCount) = (cell, mask, options);
                if (options == 0)
                    return;
            }
            if (best < 0)
            {
                count++;
                found ??= (int[])work.Clone();
                return;
            }
            var values = Values(bestMask);
            if (shuffle is not null)
                shuffle.Shuffle(values);
            int r = best / Size, c = best % Size, b = Box(best);
            foreach (int v in values)
            {
                int bit = 1 << v;
                work[best] = v;
                rows[r] |= bit;
                columns[c] |= bit;
                boxes[b] |= bit;
                Search();
                rows[r] &= ~bit;
                columns[c] &= ~bit;
                boxes[b] &= ~bit;
                work[best] = 0;
                if (count >= limit)
                    return;
            }
        }
    }

    public static int[] Values(int mask)
    {
        var values = new int[BitOperations.PopCount((uint)mask)];
        for (int v = 1, i = 0; i < values.Length; v++)
        {
            if ((mask >> v & 1) == 1)
                values[i++] = v;
        }
        return values;
    }

    /// <summary>True when <paramref name="cells"/> is completely and legally filled.</summary>
    public bool IsSolved(int[] cells) =>
        cells.Length == Size * Size && cells.All(v => v >= 1 && v <= Size) && CountSolutions(cells, 1, out _) == 1;

    /// <summary>Rows of digits with '.' for blanks, spaces between cells and bars between boxes.</summary>
    public string Render(int[] cells)
    {
        var lines = new List<string>();
        for (int r = 0; r < Size; r++)
        {
            if (r > 0 && r % BoxRows == 0)
                lines.Add(string.Join("-+-", Enumerable.Repeat(new string('-', BoxColumns * 2 - 1), Size / BoxColumns)));
            var groups = Enumerable.Range(0, Size / BoxColumns).Select(g =>
                string.Join(" ", Enumerable.Range(g * BoxColumns, BoxColumns).Select(c => cells[r * Size + c] is var v and > 0 ? (char)('0' + v) : '.')));
            lines.Add(string.Join(" | ", groups));
        }
        return string.Join("\n", lines);
    }

    /// <summary>The answer format: one line of digits per row.</summary>
    public string Plain(int[] cells) =>
        string.Join("\n", Enumerable.Range(0, Size).Select(r => string.Concat(cells.Skip(r * Size).Take(Size).Select(v => (char)('0' + v)))));
}

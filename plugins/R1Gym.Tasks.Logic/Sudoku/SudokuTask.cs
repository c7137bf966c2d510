using System.ComponentModel.DataAnnotations;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Logic;

/// <summary>Knobs shared by the sudoku tasks; the grid size is fixed by the task id.</summary>
public abstract record SudokuOptions : TaskOptions
{
    internal abstract int Size { get; }

    /// <summary>
    /// Share of cells the generator tries to blank, in percent. Cells are blanked in random order and a blank is kept only
    /// while the solution stays unique, so high values give near-minimal puzzles. Default: 55.
    /// </summary>
    [Range(10, 100)]
    public int EmptyPercent { get; init; } = 55;
}

/// <summary>Knobs of <c>logic/sudoku-4x4-v1</c> (2x2 boxes).</summary>
public sealed record Sudoku4x4Options : SudokuOptions
{
    internal override int Size => 4;
}

/// <summary>Knobs of <c>logic/sudoku-6x6-v1</c> (boxes of 2 rows by 3 columns).</summary>
public sealed record Sudoku6x6Options : SudokuOptions
{
    internal override int Size => 6;
}

/// <summary>Knobs of <c>logic/sudoku-9x9-v1</c> (3x3 boxes).</summary>
public sealed record Sudoku9x9Options : SudokuOptions
{
    internal override int Size => 9;
}

/// <summary>
/// Sudoku with a unique solution: a random full grid, then blanks while a solver that counts solutions up to 2 still finds
/// exactly one. The verifier checks the rules and the givens, so any valid completion scores 1.
/// </summary>
internal sealed partial class SudokuTask<TOptions>(TOptions options) : ReasoningTask<TOptions>(options)
    where TOptions : SudokuOptions
{
    private readonly SudokuGrid _grid = new(options.Size);

    protected override Problem Create(Random random, int index)
    {
        int n = _grid.Size;
        _grid.CountSolutions(new int[n * n], 1, out var solution, random);
        var puzzle = (int[])solution!.Clone();
        int target = n * n * Options.EmptyPercent / 100, blanks = 0;
        foreach (int cell in Enumerable.Range(0, n * n).OrderBy(_ => random.Next()))
        {
            if (blanks >= target)
                break;
            int kept = puzzle[cell];
            puzzle[cell] = 0;
            if (_grid.CountSolutions(puzzle, 2, out _) == 1)
                blanks++;
            else
                puzzle[cell] = kept;
        }
        var prompt =
            $"Solve this {n}x{n} sudoku. Fill every '.' with a digit from 1 to {n} so that each row, each column and each " +
            $"{_grid.BoxRows}x{_grid.BoxColumns} box (marked by the lines) contains every digit from 1 to {n} exactly once.\n\n" +
            _grid.Render(puzzle) + "\n\n" +
            $"Give the completed grid inside <answer></answer> tags, one row per line written as {n} digits, for example:\n" +
            "<answer>\n" + string.Join("\n", Enumerable.Range(0, 2).Select(r => string.Concat(Enumerable.Range(0, n).Select(c => (char)('1' + (c + r) % n))))) + "\n...\n</answer>";
        return new Problem(prompt, _grid.Plain(solution), n)
        {
            Metadata = new Dictionary<string, string> { ["puzzle"] = string.Concat(puzzle.Select(v => (char)('0' + v))) },
        };
    }

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken)
    {
        var puzzle = args.Problem.Metadata["puzzle"].Select(c => c - '0').ToArray();
        var answer = args.FinalAnswer;
        if (answer is null)
            return ValueTask.FromResult(Verdict.Wrong("no final answer found (expected the grid inside <answer></answer>)"));
        if (ParseGrid(answer, _grid.Size) is not { } cells)
            return ValueTask.FromResult(Verdict.Wrong($"no {_grid.Size}x{_grid.Size} grid of digits 1-{_grid.Size} found in the answer"));
        int changed = Enumerable.Range(0, cells.Length).FirstOrDefault(i => puzzle[i] != 0 && puzzle[i] != cells[i], -1);
        if (changed >= 0)
            return ValueTask.FromResult(Verdict.Wrong($"the given {puzzle[changed]} at r{changed / _grid.Size + 1}c{changed % _grid.Size + 1} was changed"));
        return ValueTask.FromResult(_grid.IsSolved(cells)
            ? Verdict.Correct()
            : Verdict.Wrong("the grid breaks a row, column or box rule"));
    }

    /// <summary>The last <paramref name="size"/> lines holding exactly <paramref name="size"/> digits (a "Row 3:" prefix is ignored).</summary>
    internal static int[]? ParseGrid(string text, int size)
    {
        var rows = new List<int[]>();
        foreach (var raw in text.Split('\n'))
        {
            var line = RowPrefix().Replace(raw, "");
            if (line.Any(char.IsAsciiLetter))
                continue;
            var digits = line.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
            if (digits.Length == size * size && rows.Count == 0)
                return digits.All(d => d >= 1 && d <= size) ? digits : null;
            if (digits.Length == size)
                rows.Add(digits);
        }
        if (rows.Count < size)
            return null;
        var cells = rows.Skip(rows.Count - size).SelectMany(r => r).ToArray();
        return cells.All(d => d >= 1 && d <= size) ? cells : null;
    }

    public override string? Solve(Problem problem)
    {
        var cells = problem.Metadata["puzzle"].Select(c => c - '0').ToArray();
        var solution = problem.Answer.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        var reasoning = new StringBuilder($"{cells.Count(v => v == 0)} cells are empty. I fill forced cells first and note each reason.\n");
        while (cells.Contains(0))
        {
            var (cell, why) = NextForcedCell(cells);
            if (cell < 0)
            {
                // No single is left: branch on the cell with the fewest candidates; the other values lead to contradictions.
                cell = Enumerable.Range(0, cells.Length).Where(i => cells[i] == 0)
                    .MinBy(i => BitOperations.PopCount((uint)_grid.Candidates(cells, i)));
                var others = SudokuGrid.Values(_grid.Candidates(cells, cell)).Where(v => v != solution[cell]);
                why = $"could be {string.Join(" or ", SudokuGrid.Values(_grid.Candidates(cells, cell)))}; trying {string.Join(", ", others)} leads to a contradiction";
            }
            cells[cell] = solution[cell];
            reasoning.Append($"r{cell / _grid.Size + 1}c{cell % _grid.Size + 1} = {solution[cell]}: {why}.\n");
        }
        reasoning.Append("Every row, column and box now holds each digit once.");
        return R1Format.Compose(reasoning.ToString(), $"<answer>\n{problem.Answer}\n</answer>");
    }

    /// <summary>A naked single (one candidate left) or a hidden single (the only place for a value in a row); -1 when none.</summary>
    private (int Cell, string Why) NextForcedCell(int[] cells)
    {
        int n = _grid.Size;
        for (int cell = 0; cell < cells.Length; cell++)
        {
            if (cells[cell] == 0 && BitOperations.PopCount((uint)_grid.Candidates(cells, cell)) == 1)
                return (cell, "the only digit left for this cell");
        }
        for (int r = 0; r < n; r++)
        {
            for (int v = 1; v <= n; v++)
            {
                var places = Enumerable.Range(r * n, n).Where(c => cells[c] == 0 && (_grid.Candidates(cells, c) >> v & 1) == 1).ToList();
                if (places.Count == 1)
                    return (places[0], $"the only place for {v} in row {r + 1}");
            }
        }
        return (-1, "");
    }

    [GeneratedRegex(@"^\s*(?:row\s*\d+|r\d+)\s*[:.)=-]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RowPrefix();
}

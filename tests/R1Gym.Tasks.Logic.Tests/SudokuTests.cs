using R1Gym.Abstractions;

namespace R1Gym.Tasks.Logic.Tests;

public sealed class SudokuTests
{
    // A well-known puzzle (Wikipedia's sudoku example) and its unique solution.
    private const string KnownPuzzle = "530070000600195000098000060800060003400803001700020006060000280000419005000080079";
    private const string KnownSolution = "534678912672195348198342567859761423426853791713924856961537284287419635345286179";

    private static readonly SudokuTask<Sudoku9x9Options> Nine = new(new Sudoku9x9Options());

    private static Problem Known => new("", string.Join("\n", KnownSolution.Chunk(9).Select(r => new string(r))))
    {
        Metadata = new Dictionary<string, string> { ["puzzle"] = KnownPuzzle },
    };

    private static int[] Cells(string digits) => digits.Select(c => c - '0').ToArray();

    [Fact]
    public void The_same_seed_and_index_give_the_same_puzzle() => TaskHarness.GenerationIsDeterministic(() => new SudokuTask<Sudoku9x9Options>(new Sudoku9x9Options()));

    [Fact]
    public void The_solver_finds_the_unique_solution_of_a_known_puzzle()
    {
        var count = new SudokuGrid(9).CountSolutions(Cells(KnownPuzzle), 2, out var solution);

        count.Should().Be(1);
        string.Concat(solution!).Should().Be(KnownSolution);
    }

    [Fact]
    public void The_solver_sees_that_a_puzzle_with_a_clue_removed_too_many_has_several_solutions()
    {
        var grid = new SudokuGrid(4);

        grid.CountSolutions(Cells("1200340000000000"), 2, out _).Should().Be(2);
        grid.CountSolutions(Cells("1100000000000000"), 2, out _).Should().Be(0);
    }

    [Theory]
    [InlineData(4, 55)]
    [InlineData(6, 55)]
    [InlineData(9, 55)]
    [InlineData(9, 100)]
    public void Generated_puzzles_have_exactly_one_solution_which_is_the_answer(int size, int emptyPercent)
    {
        IReasoningTask task = size switch
        {
            4 => new SudokuTask<Sudoku4x4Options>(new Sudoku4x4Options { EmptyPercent = emptyPercent }),
            6 => new SudokuTask<Sudoku6x6Options>(new Sudoku6x6Options { EmptyPercent = emptyPercent }),
            _ => new SudokuTask<Sudoku9x9Options>(new Sudoku9x9Options { EmptyPercent = emptyPercent }),
        };
        var grid = new SudokuGrid(size);
        for (int index = 0; index < 10; index++)
        {
            var problem = task.Generate(9, index);
            var puzzle = Cells(problem.Metadata["puzzle"]);

            grid.CountSolutions(puzzle, 2, out var solution).Should().Be(1);
            string.Concat(solution!).Should().Be(problem.Answer.Replace("\n", ""));
            puzzle.Count(v => v == 0).Should().BeGreaterThan(size * size / 4);
        }
    }

    [Fact]
    public async Task Reference_solutions_score_one_for_every_size()
    {
        await TaskHarness.ReferenceSolutionsScoreOne(new SudokuTask<Sudoku4x4Options>(new Sudoku4x4Options()), seed: 1, count: 10);
        await TaskHarness.ReferenceSolutionsScoreOne(new SudokuTask<Sudoku6x6Options>(new Sudoku6x6Options()), seed: 2, count: 10);
        await TaskHarness.ReferenceSolutionsScoreOne(new SudokuTask<Sudoku9x9Options>(new Sudoku9x9Options { EmptyPercent = 100 }), seed: 3, count: 10);
    }

    [Fact]
    public async Task The_grid_may_be_written_with_spaces_bars_row_labels_or_on_one_line()
    {
        var rows = KnownSolution.Chunk(9).Select(r => new string(r)).ToArray();
        string[] answers =
        [
            string.Join("\n", rows.Select(r => string.Join(" ", r.ToCharArray()))),
            string.Join("\n", rows.Select((r, i) => $"Row {i + 1}: {r[..3]} | {r[3..6]} | {r[6..]}")),
            "Here is the grid:\n" + string.Join("\n", rows) + "\nDone.",
            KnownSolution,
        ];

        foreach (var answer in answers)
        {
            var verdict = await TaskHarness.Score(Nine, Known, $"<think>solved</think>\n<answer>\n{answer}\n</answer>");
            verdict.IsCorrect.Should().BeTrue($"{verdict.Reason} for\n{answer}");
        }
    }

    [Theory]
    [InlineData("given")]
    [InlineData("rule")]
    [InlineData("short")]
    [InlineData("zero")]
    public async Task Grids_that_change_a_given_break_a_rule_or_are_incomplete_score_zero(string flaw)
    {
        var cells = KnownSolution.ToCharArray();
        switch (flaw)
        {
            case "given":
                (cells[0], cells[1]) = (cells[1], cells[0]);
                break;
            case "rule":
                cells[2] = cells[2] == '9' ? '1' : (char)(cells[2] + 1);
                break;
            case "zero":
                cells[2] = '0';
                break;
        }
        var text = string.Join("\n", new string(cells).Chunk(9).Select(r => new string(r)).Take(flaw == "short" ? 8 : 9));

        var verdict = await TaskHarness.Score(Nine, Known, $"<think>x</think><answer>\n{text}\n</answer>");

        verdict.Score.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Hostile.Names), MemberType = typeof(Hostile))]
    public async Task Hostile_completions_score_zero_without_throwing(string name) => await TaskHarness.HostileScoresZero(Nine, name);

    [Fact]
    public void Bad_options_are_rejected_naming_the_option()
    {
        TaskHarness.Errors(new Sudoku6x6Options { EmptyPercent = 5 }).Should().Contain(nameof(SudokuOptions.EmptyPercent));
        TaskHarness.Errors(new Sudoku4x4Options { EmptyPercent = 101 }).Should().Contain(nameof(SudokuOptions.EmptyPercent));
    }
}

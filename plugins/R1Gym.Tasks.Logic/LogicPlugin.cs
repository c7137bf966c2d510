using R1Gym.Abstractions;

namespace R1Gym.Tasks.Logic;

/// <summary>Registers the logic puzzles: countdown, knights and knaves, sudoku and zebra puzzles.</summary>
public sealed class LogicPlugin : ITaskPlugin
{
    public void Register(ITaskCatalog tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        tasks.AddTask<CountdownOptions>("logic/countdown-v1", o => new CountdownTask(o), "Reach a target number with + - * / using each given number at most once");
        tasks.AddTask<KnightsKnavesOptions>("logic/knights-knaves-v1", o => new KnightsKnavesTask(o), "Tell knights (truthful) from knaves (liars) by their statements");
        tasks.AddTask<Sudoku4x4Options>("logic/sudoku-4x4-v1", o => new SudokuTask<Sudoku4x4Options>(o), "Complete a 4x4 sudoku with a unique solution");
        tasks.AddTask<Sudoku6x6Options>("logic/sudoku-6x6-v1", o => new SudokuTask<Sudoku6x6Options>(o), "Complete a 6x6 sudoku with a unique solution");
        tasks.AddTask<Sudoku9x9Options>("logic/sudoku-9x9-v1", o => new SudokuTask<Sudoku9x9Options>(o), "Complete a 9x9 sudoku with a unique solution");
        tasks.AddTask<ZebraOptions>("logic/zebra-v1", o => new ZebraTask(o), "Deduce who lives where from clues (Einstein puzzle) with a unique solution");
    }
}

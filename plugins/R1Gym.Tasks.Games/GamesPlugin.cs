using R1Gym.Abstractions;

namespace R1Gym.Tasks.Games;

/// <summary>Registers the multi-turn game environments: Mastermind, bulls and cows, and Nim against a built-in opponent.</summary>
public sealed class GamesPlugin : ITaskPlugin
{
    public void Register(ITaskCatalog tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        tasks.AddEnvironment<MastermindOptions>("game/mastermind-v1", o => new MastermindEnvironment(o), "Break a secret code from black/white feedback within a turn limit");
        tasks.AddEnvironment<BullsAndCowsOptions>("game/bulls-and-cows-v1", o => new BullsAndCowsEnvironment(o), "Guess a number of different digits from bulls/cows feedback within a turn limit");
        tasks.AddEnvironment<NimOptions>("game/nim-v1", o => new NimEnvironment(o), "Play Nim against a seeded opponent; take the last object to win");
    }
}

using R1Gym.Abstractions;
using R1Gym.Tasks.Math.Algebra;
using R1Gym.Tasks.Math.Arithmetic;
using R1Gym.Tasks.Math.Checking;

namespace R1Gym.Tasks.Math;

/// <summary>Registers the procedural math tasks and the "math" answer checker that the MATH and AIME data tasks name.</summary>
public sealed class MathPlugin : ITaskPlugin
{
    public void Register(ITaskCatalog tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        tasks.AddChecker(MathChecker.Name, new MathChecker());
        tasks.AddTask<AdditionOptions>("math/addition-v1", o => new AdditionTask(o), "Add two n-digit numbers (column addition with carries)");
        tasks.AddTask<SubtractionOptions>("math/subtraction-v1", o => new SubtractionTask(o), "Subtract two n-digit numbers (column subtraction with borrows)");
        tasks.AddTask<MultiplicationOptions>("math/multiplication-v1", o => new MultiplicationTask(o), "Long multiplication with partial products");
        tasks.AddTask<DivisionOptions>("math/division-v1", o => new DivisionTask(o), "Long division with a remainder (answer 'q R r')");
        tasks.AddTask<FractionsOptions>("math/fractions-v1", o => new FractionsTask(o), "Add, subtract, multiply or divide two fractions; answer in lowest terms");
        tasks.AddTask<LinearEquationOptions>("math/linear-equation-v1", o => new LinearEquationTask(o), "Solve a linear equation in x with an integer solution");
        tasks.AddTask<LinearSystemOptions>("math/linear-system-v1", o => new LinearSystemTask(o), "Solve a 2x2 or 3x3 linear system with an integer solution");
    }
}

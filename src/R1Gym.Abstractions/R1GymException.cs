namespace R1Gym.Abstractions;

/// <summary>
/// The base of every R1Gym domain error (bad configuration, unknown task id, broken plugin, ...).
/// Messages say what was expected, what was found and how to fix it.
/// </summary>
public class R1GymException : Exception
{
    public R1GymException(string message) : base(message) { }

    public R1GymException(string message, Exception innerException) : base(message, innerException) { }
}

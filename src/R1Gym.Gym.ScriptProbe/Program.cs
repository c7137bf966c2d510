using System.Reflection;

// r1gym's script probe: dotnet exec R1Gym.Gym.ScriptProbe.dll <script.csx> <out.dll> <result.json>.
// The work is R1Gym.Gym's ScriptProbe.Run, found by name: a project reference would make a cycle (R1Gym.Gym ships this).
var probe = Type.GetType("R1Gym.Gym.ScriptProbe, R1Gym.Gym", throwOnError: true)!
    .GetMethod("Run", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
return (int)probe.Invoke(null, [args])!;

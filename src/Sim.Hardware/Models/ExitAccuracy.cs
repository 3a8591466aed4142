namespace T2CSim.Hardware.Models;

/// <summary>
/// Accuracy of a BranchyNet early exit, derived from the task's final accuracy (docs/models.md):
/// an exit after stem block k of S keeps a share sqrt(k/S) of the final exit's margin over chance.
/// The square root follows the usual early-exit curves (BranchyNet, Shallow-Deep Networks): shallow
/// exits lose most, and accuracy saturates towards the end of the stem. These figures are a
/// documented model, not measurements: the networks here carry random weights.
/// </summary>
public static class ExitAccuracy
{
    public static double Chance(int classes) => 1.0 / classes;

    public static double EarlyExit(double finalAccuracy, int classes, int afterBlock, int stemDepth)
    {
        if (afterBlock < 1 || afterBlock > stemDepth) throw new ArgumentOutOfRangeException(nameof(afterBlock));
        double chance = Chance(classes);
        double retained = Math.Sqrt((double)afterBlock / stemDepth);
        return Math.Round(chance + (finalAccuracy - chance) * retained, 4);
    }
}

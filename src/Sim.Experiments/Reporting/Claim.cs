namespace T2CSim.Experiments.Reporting;

/// <summary>A headline result of the thesis and how to compute ours from a sweep.</summary>
/// <param name="Phase">Which evaluation it belongs to: planning, heavy or operation.</param>
/// <param name="Thesis">The thesis's figure, as the slides state it.</param>
/// <param name="Compute">Our figure with where it was taken, or null when the sweep lacks what it needs.</param>
public sealed record Claim(string Phase, string Statement, string Thesis, string Figure, Func<SweepResults, string?> Compute);

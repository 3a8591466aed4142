namespace T2CSim.Core.Controller;

/// <summary>Where a deployment is in its life: launching until the world says it is up, serving, reconfiguring (not serving), stopped.</summary>
public enum DeploymentState { Launching, Serving, Reconfiguring, Stopped }

namespace T2CSim.Core.Planning;

/// <summary>A deployment planning algorithm of the thesis (or T2C_OPT). Pure: no clock, no randomness.</summary>
public interface IDeploymentPlanner
{
    string Name { get; }
    DeploymentPlan Plan(PlanningContext context);
}

"""The build: the only code that knows the order of the stages (stages.py).
run.build() is the whole build; plan.build_articles() renders in memory."""

from newsgen.build.context import BuildOptions, BuildResult, Skip
from newsgen.build.plan import build_articles, plan_build, select_forces
from newsgen.build.run import build

__all__ = ["BuildOptions", "BuildResult", "Skip", "build", "build_articles", "plan_build",
           "select_forces"]

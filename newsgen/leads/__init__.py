"""Finding the stories: every category of a dataset scanned for every area
(grid, breaks, scan), the findings kept by the kit's thresholds (findings,
settings), scored (score), assessed area by area (assess), put into
fact-checked words (facts, reasons), ranked into a budget (budget) and
written as files (output); a lead becomes a draft through the build's own
code (draft). See the README, "Finding the stories"."""

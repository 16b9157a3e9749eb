// An evaluation file for `assay eval` tests: it throws before evaluating.
throw new RangeError('the eval file is broken');

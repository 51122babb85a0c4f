"""Pick: the probability model, the optimized list and its calibration.

Also home of the types every part reads: the applicant's profile, the program, US geography."""

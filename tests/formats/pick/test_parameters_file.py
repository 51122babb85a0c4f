"""The parameter file round-trips and refuses what it cannot read."""

import pytest

from matchwise.engine.pick.priors import prior_parameters
from matchwise.formats.pick.parameters import (
    ParameterFileError,
    params_from_json,
    params_to_json,
    read_parameters,
)


def test_round_trip_keeps_every_parameter():
    params = prior_parameters()
    again = params_from_json(params_to_json(params))
    assert again.parameters == params.parameters
    assert again.version == params.version


def test_the_shipped_file_has_fitted_parameters_with_a_covariance():
    params = read_parameters()
    assert params.version.startswith("fit-")
    assert "signal.silver" in params.covariance_names
    assert params.parameters["signal.silver"].kind == "fitted"
    assert set(params.parameters) == set(prior_parameters().parameters)


@pytest.mark.parametrize(
    "text", ['{"format": "other"}', '{"format": "matchwise-parameters/1"}', "not json"]
)
def test_malformed_files_are_refused(text):
    with pytest.raises(ParameterFileError):
        params_from_json(text)

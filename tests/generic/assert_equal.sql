{#- Passes when `actual` equals `expected` on every row, nulls equal to
    nulls; returns the rows where they differ. -#}
{% test assert_equal(model, actual, expected) %}

select *
from {{ model }}
where {{ actual }} is distinct from {{ expected }}
{% endtest %}

{#- dbt's `unique` data test on DuckDB (dispatched from dbt's namespace, so
    active when this is the root project): the same rows as dbt's own (one
    per repeated value, with its number of rows), found by comparing each
    value with the one before it in the column's order instead of grouping
    every value. A table's key column is mostly written in order, which
    DuckDB sorts cheaply, where grouping builds a hash table of every value
    (docs/decisions.md, "The unique test on DuckDB").
    Ties are equal values, so their order cannot change the result. -#}
{% macro duckdb__test_unique(model, column_name) %}

with ordered as (
    select
        {{ column_name }} as unique_field,
        lag({{ column_name }}) over (order by {{ column_name }}) as previous_field
    from {{ model }}
    where {{ column_name }} is not null
)

select
    unique_field,
    count(*) + 1 as n_records
from ordered
where unique_field = previous_field
group by unique_field

{% endmacro %}

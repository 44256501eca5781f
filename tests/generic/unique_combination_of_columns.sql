{#- Passes when no two rows share the same values in all of `combination`:
    the grain test of models whose key spans several columns. -#}
{% test unique_combination_of_columns(model, combination) %}
    {%- if combination is string or combination | length == 0 -%}
        {{ exceptions.raise_compiler_error("unique_combination_of_columns: pass `combination` as a list of column names") }}
    {%- endif %}

select
    {{ combination | join(', ') }},
    count(*) as duplicate_rows
from {{ model }}
group by {{ combination | join(', ') }}
having count(*) > 1
{% endtest %}

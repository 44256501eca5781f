{% macro day_diff(start_date, end_date) %}
    {{ return(adapter.dispatch('day_diff', 'loyalty')(start_date, end_date)) }}
{% endmacro %}

{% macro default__day_diff(start_date, end_date) -%}
    ({{ end_date }} - {{ start_date }})
{%- endmacro %}

{% macro duckdb__day_diff(start_date, end_date) -%}
    date_diff('day', {{ start_date }}, {{ end_date }})
{%- endmacro %}

{% macro spark__day_diff(start_date, end_date) -%}
    datediff({{ end_date }}, {{ start_date }})
{%- endmacro %}

{#- A date as a whole number of days since 1900-01-01, what a `range` frame
    over days orders by (its offsets count days). -#}
{% macro day_number(date_expression) -%}
    {{ loyalty.day_diff("cast('1900-01-01' as date)", date_expression) }}
{%- endmacro %}

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

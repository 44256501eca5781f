{% macro add_days(date_expression, days) %}
    {{ return(adapter.dispatch('add_days', 'loyalty')(date_expression, days)) }}
{% endmacro %}

{% macro default__add_days(date_expression, days) -%}
    cast({{ date_expression }} + cast({{ days }} as integer) as date)
{%- endmacro %}

{% macro spark__add_days(date_expression, days) -%}
    date_add({{ date_expression }}, {{ days }})
{%- endmacro %}

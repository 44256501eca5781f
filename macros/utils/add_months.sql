{% macro add_months(date_expression, months) %}
    {{ return(adapter.dispatch('add_months', 'loyalty')(date_expression, months)) }}
{% endmacro %}

{% macro default__add_months(date_expression, months) -%}
    cast({{ dbt.dateadd('month', months, date_expression) }} as date)
{%- endmacro %}

{% macro spark__add_months(date_expression, months) -%}
    add_months({{ date_expression }}, {{ months }})
{%- endmacro %}

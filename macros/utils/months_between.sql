{#- Whole calendar months from the month of `start_date` to the month of
    `end_date` (both month starts or any day in them). -#}
{% macro months_between(start_date, end_date) -%}
    (
        (extract(year from {{ end_date }}) - extract(year from {{ start_date }})) * 12
        + extract(month from {{ end_date }}) - extract(month from {{ start_date }})
    )
{%- endmacro %}

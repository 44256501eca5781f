{% macro expected_lifespan_years(annual_churn_rate, cap=loyalty.setting('ltv_max_lifespan_years')) -%}
    cast(
        case
            when {{ annual_churn_rate }} is null or {{ annual_churn_rate }} <= 0 then {{ cap }}
            when 1.0 / {{ annual_churn_rate }} > {{ cap }} then {{ cap }}
            else 1.0 / {{ annual_churn_rate }}
        end as {{ loyalty.type_double() }}
    )
{%- endmacro %}
